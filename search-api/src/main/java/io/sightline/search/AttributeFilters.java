package io.sightline.search;

import io.sightline.index.ShardIndex;
import java.util.Map;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.Query;

/** Attribute filters of a search as the Lucene filter every shard applies (all must match). */
public final class AttributeFilters {
    private AttributeFilters() {}

    /** @return null for no filters, as {@link io.sightline.index.SearchRequest} expects */
    public static Query query(Map<String, String> filters) {
        if (filters.isEmpty()) {
            return null;
        }
        BooleanQuery.Builder all = new BooleanQuery.Builder();
        filters.forEach((key, value) -> all.add(ShardIndex.attribute(key, value), BooleanClause.Occur.FILTER));
        return all.build();
    }
}
