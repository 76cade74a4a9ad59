// The Oxford query crops (the box of each NAME_query.txt) as PNGs, for bench/http_map.py:
//   jshell -R-Dgt=../shared/data/paris6k_subset/gt -R-Dimages=../shared/data/paris6k_subset/images -R-Dout=DIR bench/crop_queries.jsh
import javax.imageio.ImageIO;
import java.nio.file.*;
var gt = Path.of(System.getProperty("gt", "../shared/data/paris6k_subset/gt"));
var images = Path.of(System.getProperty("images", "../shared/data/paris6k_subset/images"));
var out = Files.createDirectories(Path.of(System.getProperty("out", "target/query-crops")));
try (var files = Files.list(gt)) {
    for (var f : files.filter(p -> p.toString().endsWith("_query.txt")).sorted().toList()) {
        String[] t = Files.readString(f).trim().split("\\s+");
        var full = ImageIO.read(images.resolve(t[0] + ".jpg").toFile());
        int x1 = (int) Math.round(Double.parseDouble(t[1])), y1 = (int) Math.round(Double.parseDouble(t[2]));
        int x2 = Math.min(full.getWidth(), (int) Math.round(Double.parseDouble(t[3])));
        int y2 = Math.min(full.getHeight(), (int) Math.round(Double.parseDouble(t[4])));
        String name = f.getFileName().toString().replace("_query.txt", "");
        ImageIO.write(full.getSubimage(x1, y1, x2 - x1, y2 - y1), "png", out.resolve(name + ".png").toFile());
    }
}
/exit
