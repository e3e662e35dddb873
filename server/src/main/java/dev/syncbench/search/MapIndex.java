package dev.syncbench.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.AlreadyClosedException;
import org.apache.lucene.store.ByteBuffersDirectory;

/**
 * The full-text index of one map: a Lucene index in memory with one document per key, holding
 * the key ({@code _key}, stored, one token), the record's text ({@code _all_text}, analyzed by
 * {@link TextAnalyzer}, not stored) and, when an embedding provider is configured, the text's
 * vector ({@code _embedding}, an HNSW graph under cosine similarity). Lucene scores text with BM25.
 *
 * <p>Writers call {@link #put} and {@link #delete} from the key's partition, so per key the index
 * follows the merge order. A search first opens a reader on everything written so far (near
 * real-time, without a commit), so it sees every write acknowledged before it. Thread-safe.
 */
public final class MapIndex implements AutoCloseable {
    static final String KEY_FIELD = "_key";
    static final String TEXT_FIELD = "_all_text";
    static final String VECTOR_FIELD = "_embedding";
    /** Extra hits fetched past the limit, so that records expired but not yet dropped do not shorten a result. */
    private static final int SLACK = 16;
    private static final Set<String> KEY_ONLY = Set.of(KEY_FIELD);

    private final IndexWriter writer;
    private final SearcherManager searchers;

    public MapIndex() {
        try {
            IndexWriterConfig config = new IndexWriterConfig(SearchQuery.ANALYZER)
                    .setOpenMode(IndexWriterConfig.OpenMode.CREATE)
                    .setCommitOnClose(false);
            writer = new IndexWriter(new ByteBuffersDirectory(), config);
            searchers = new SearcherManager(writer, true, false, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Indexes a key's text and its vector (null: none, or not computed yet), replacing what it held;
     * an empty text matches nothing, so the key is dropped.
     */
    public void put(String key, String text, float[] vector) {
        if (text.isEmpty()) {
            delete(key);
            return;
        }
        Document document = new Document();
        document.add(new StringField(KEY_FIELD, key, Field.Store.YES));
        document.add(new TextField(TEXT_FIELD, text, Field.Store.NO));
        if (vector != null && Vectors.usable(vector)) {
            document.add(new KnnFloatVectorField(VECTOR_FIELD, vector, VectorSimilarityFunction.COSINE));
        }
        try {
            writer.updateDocument(new Term(KEY_FIELD, key), document);
        } catch (AlreadyClosedException dropped) {
            // the index was dropped after this writer picked it up: there is nothing to keep current
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void delete(String key) {
        try {
            writer.deleteDocuments(new Term(KEY_FIELD, key));
        } catch (AlreadyClosedException dropped) {
            // as in put
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The best {@code limit} records for a query, best first, leaving out scores below
     * {@code minScore} and keys {@code live} rejects (a record expired since it was indexed).
     */
    public List<ScoredKey> search(SearchQuery query, int limit, double minScore, Predicate<String> live) {
        try {
            searchers.maybeRefreshBlocking();
            IndexSearcher searcher = searchers.acquire();
            try {
                TopDocs top = searcher.search(query.query(), limit + SLACK);
                StoredFields stored = searcher.storedFields();
                List<ScoredKey> hits = new ArrayList<>(Math.min(limit, top.scoreDocs.length));
                for (ScoreDoc hit : top.scoreDocs) {
                    if (hits.size() == limit || hit.score < minScore) {
                        break;
                    }
                    String key = stored.document(hit.doc, KEY_ONLY).get(KEY_FIELD);
                    if (live.test(key)) {
                        hits.add(new ScoredKey(key, hit.score, matchedTerms(searcher, hit.doc, query)));
                    }
                }
                return hits;
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The {@code candidates} records whose vectors are nearest {@code target} (HNSW, approximate),
     * nearest first, without keys {@code live} rejects; each with its cosine similarity and, if
     * asked, its vector.
     */
    public List<VectorMatch> nearest(float[] target, int candidates, boolean withVectors, Predicate<String> live) {
        try {
            searchers.maybeRefreshBlocking();
            IndexSearcher searcher = searchers.acquire();
            try {
                TopDocs top = searcher.search(new KnnFloatVectorQuery(VECTOR_FIELD, target, candidates), candidates);
                StoredFields stored = searcher.storedFields();
                List<VectorMatch> matches = new ArrayList<>(top.scoreDocs.length);
                for (ScoreDoc hit : top.scoreDocs) {
                    String key = stored.document(hit.doc, KEY_ONLY).get(KEY_FIELD);
                    if (live.test(key)) {
                        // Lucene's cosine score is (1 + cos) / 2
                        double cosine = 2.0 * hit.score - 1.0;
                        matches.add(new VectorMatch(key, cosine, withVectors ? vectorOf(searcher, hit.doc) : null));
                    }
                }
                return matches;
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static float[] vectorOf(IndexSearcher searcher, int doc) throws IOException {
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(doc, leaves));
        FloatVectorValues values = leaf.reader().getFloatVectorValues(VECTOR_FIELD);
        if (values == null) {
            return null;
        }
        int local = doc - leaf.docBase;
        KnnVectorValues.DocIndexIterator iterator = values.iterator();
        return iterator.advance(local) == local ? values.vectorValue(iterator.index()).clone() : null;
    }

    /** The query's terms that occur in one document, read from the postings of its segment. */
    private static List<String> matchedTerms(IndexSearcher searcher, int doc, SearchQuery query) throws IOException {
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(doc, leaves));
        int local = doc - leaf.docBase;
        List<String> matched = new ArrayList<>(query.terms().size());
        for (Term term : query.terms()) {
            PostingsEnum postings = leaf.reader().postings(term, PostingsEnum.NONE);
            if (postings != null && postings.advance(local) == local) {
                matched.add(term.text());
            }
        }
        return matched;
    }

    /** How many keys the index holds (after the writes so far); for tests and metrics. */
    public int size() {
        try {
            searchers.maybeRefreshBlocking();
            IndexSearcher searcher = searchers.acquire();
            try {
                return searcher.getIndexReader().numDocs();
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            searchers.close();
            writer.rollback();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
