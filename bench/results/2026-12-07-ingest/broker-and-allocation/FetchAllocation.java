import io.sightline.image.*;
import java.lang.management.*;
import java.nio.file.*;
import java.util.*;
public class FetchAllocation {
  public static void main(String[] a) throws Exception {
    var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long tid = Thread.currentThread().threadId();
    List<Path> files; try (var s = Files.list(Path.of("/work/shared/data/paris6k_subset/images"))) { files = s.sorted().toList(); }
    var f = new ImageFetcher(ImageLimits.defaults());
    for (int pass=0; pass<3; pass++) {
      long b0 = mx.getThreadAllocatedBytes(tid); long bytes=0;
      for (Path p : files) { bytes += f.fetch(p.toUri()).length; }
      long b1 = mx.getThreadAllocatedBytes(tid);
      System.out.printf("fetch: %.2f MB allocated/image, file %.2f MB/image%n", (b1-b0)/1e6/files.size(), bytes/1e6/files.size());
    }
  }
}
