import jdk.jfr.consumer.*;
import java.nio.file.*;
import java.util.*;
public class BrokerByApi {
  public static void main(String[] a) throws Exception {
    List<RecordedEvent> evs = new ArrayList<>();
    try (RecordingFile f = new RecordingFile(Path.of(a[0]))) {
      while (f.hasMoreEvents()) { RecordedEvent e = f.readEvent();
        if (e.getEventType().getName().equals("jdk.CPUTimeSample")) evs.add(e); } }
    evs.sort(Comparator.comparing(RecordedEvent::getStartTime));
    double from = Double.parseDouble(a[1]);
    Map<String,Integer> m = new TreeMap<>(); int tot=0;
    for (RecordedEvent e : evs.subList((int)(evs.size()*from), evs.size())) {
      RecordedThread t = e.hasField("sampledThread")? e.getThread("sampledThread") : e.getThread();
      String name = t==null?"?":t.getJavaName(); if (name==null) name="?";
      RecordedStackTrace st = e.getStackTrace(); if (st==null) continue;
      String api=null;
      for (RecordedFrame fm : st.getFrames()) { String mn = fm.getMethod().getName(); String ty=fm.getMethod().getType().getName();
        if (ty.endsWith("KafkaApis") && mn.startsWith("handle") && !mn.equals("handle")) { api = mn; } }
      if (api==null) { if (name.startsWith("data-plane-kafka-request-handler")) api="handler:other"; else if (name.startsWith("data-plane-kafka-network")) api="network"; else continue; }
      m.merge(api,1,Integer::sum); tot++;
    }
    m.entrySet().stream().sorted(Map.Entry.<String,Integer>comparingByValue().reversed()).forEach(e->System.out.println(e.getValue()+" "+e.getKey()));
  }
}
