package io.sightline.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.junit.jupiter.api.Test;

/**
 * The ADC scans as Lucene queries. Invariants, over a reader of several segments and random hits: searching the
 * query returns exactly the scan's hits in the scan's order (score, then doc id); it counts as many documents; it
 * composes with other clauses like any query (here a filter); and its rewritten form refuses another reader.
 */
class AdcScanQueryTest {
    private static final int DOCS = 300;

    private static DirectoryReader reader(ByteBuffersDirectory dir) throws Exception {
        try (IndexWriter writer = new IndexWriter(dir, new IndexWriterConfig().setMaxBufferedDocs(70))) {
            for (int i = 0; i < DOCS; i++) {
                Document doc = new Document();
                doc.add(new StringField("parity", i % 2 == 0 ? "even" : "odd", Field.Store.NO));
                writer.addDocument(doc);
            }
        }
        return DirectoryReader.open(dir);
    }

    private static ScoreDoc[] randomHits(Random random, int n) {
        int[] docs = random.ints(0, DOCS).distinct().limit(n).toArray();
        ScoreDoc[] hits = new ScoreDoc[n];
        for (int i = 0; i < n; i++) {
            // Few distinct scores, so ties between documents of different segments occur.
            hits[i] = new ScoreDoc(docs[i], 1 + random.nextInt(8) / 8f);
        }
        Arrays.sort(hits, Comparator.comparingDouble((ScoreDoc h) -> -h.score).thenComparingInt(h -> h.doc));
        return hits;
    }

    @Test
    void searchingTheQueryReturnsTheScanHitsInOrder() throws Exception {
        try (ByteBuffersDirectory dir = new ByteBuffersDirectory();
                DirectoryReader reader = reader(dir)) {
            assertThat(reader.leaves().size()).isGreaterThan(2);
            IndexSearcher searcher = new IndexSearcher(reader);
            Random random = new Random(17);
            for (int round = 0; round < 20; round++) {
                ScoreDoc[] hits = randomHits(random, 1 + random.nextInt(60));
                AdcScanQuery query = new AdcScanQuery(s -> hits, "test");
                ScoreDoc[] found = searcher.search(query, 100).scoreDocs;
                assertThat(found).hasSameSizeAs(hits);
                for (int i = 0; i < hits.length; i++) {
                    assertThat(found[i].doc).as("round %d rank %d", round, i).isEqualTo(hits[i].doc);
                    assertThat(found[i].score).isEqualTo(hits[i].score);
                }
                assertThat(searcher.count(query)).isEqualTo(hits.length);

                BooleanQuery evenOnly = new BooleanQuery.Builder()
                        .add(query, BooleanClause.Occur.MUST)
                        .add(new TermQuery(new Term("parity", "even")), BooleanClause.Occur.FILTER)
                        .build();
                int[] expectedEven = Arrays.stream(hits)
                        .mapToInt(h -> h.doc)
                        .filter(d -> d % 2 == 0)
                        .toArray();
                assertThat(Arrays.stream(searcher.search(evenOnly, 100).scoreDocs)
                                .mapToInt(h -> h.doc)
                                .toArray())
                        .containsExactly(expectedEven);
            }
        }
    }

    @Test
    void theRewrittenQueryBelongsToItsReader() throws Exception {
        try (ByteBuffersDirectory a = new ByteBuffersDirectory();
                DirectoryReader first = reader(a);
                ByteBuffersDirectory b = new ByteBuffersDirectory();
                DirectoryReader second = reader(b)) {
            ScoreDoc[] hits = randomHits(new Random(3), 5);
            var rewritten = new AdcScanQuery(s -> hits, "test").rewrite(new IndexSearcher(first));
            assertThat(new IndexSearcher(first).count(rewritten)).isEqualTo(5);
            assertThatThrownBy(() -> new IndexSearcher(second).search(rewritten, 10))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("another reader");
        }
    }
}
