package dev.syncbench.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.core.KeywordAnalyzer;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.index.Term;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;

/**
 * A client's query string, parsed once with Lucene's classic query parser over the record text:
 * terms are OR-ed, with {@code AND}, {@code OR}, {@code NOT}, {@code +term}, {@code -term},
 * {@code "phrases"}, {@code prefix*} and {@code _key:<key>}. Also knows the query's own text terms
 * (those not under NOT), to tell a hit which of them it holds.
 */
public final class SearchQuery {
    /** Longer queries are refused rather than parsed: nobody types them, and they cost to run. */
    public static final int MAX_LENGTH = 1024;

    static final Analyzer ANALYZER = new PerFieldAnalyzerWrapper(new TextAnalyzer(),
            Map.of(MapIndex.KEY_FIELD, new KeywordAnalyzer()));

    private final String text;
    private final Query query;
    private final List<Term> terms;

    private SearchQuery(String text, Query query, List<Term> terms) {
        this.text = text;
        this.query = query;
        this.terms = terms;
    }

    /**
     * Parses a query string.
     *
     * @throws InvalidSearchException when it is empty, too long, does not parse, or names a field
     *         other than the record text and {@code _key}
     */
    public static SearchQuery parse(String text) throws InvalidSearchException {
        if (text.isBlank()) {
            throw new InvalidSearchException("query is empty: give at least one word to search for");
        }
        if (text.length() > MAX_LENGTH) {
            throw new InvalidSearchException("query is " + text.length() + " characters long; the limit is "
                    + MAX_LENGTH);
        }
        Query query;
        try {
            QueryParser parser = new QueryParser(MapIndex.TEXT_FIELD, ANALYZER);
            query = parser.parse(text);
        } catch (ParseException e) {
            throw new InvalidSearchException("query does not parse: " + firstLine(e.getMessage()));
        } catch (IndexSearcher.TooManyClauses e) {
            throw new InvalidSearchException("query has too many terms (at most "
                    + IndexSearcher.getMaxClauseCount() + ")");
        } catch (RuntimeException e) {
            // the parser's own failures on odd input (an over-complex regex, say)
            throw new InvalidSearchException("query does not parse: " + firstLine(String.valueOf(e.getMessage())));
        }
        Set<String> fields = new LinkedHashSet<>();
        Set<Term> positive = new LinkedHashSet<>();
        query.visit(new TermCollector(fields, positive, false));
        for (String field : fields) {
            if (!field.equals(MapIndex.TEXT_FIELD) && !field.equals(MapIndex.KEY_FIELD)) {
                throw new InvalidSearchException("query names the field '" + field + "', but records are searched"
                        + " as one text: leave the field out, or use _key:<key>");
            }
        }
        return new SearchQuery(text, query, inQueryOrder(text, positive));
    }

    /**
     * The terms in the order the query names them: Lucene's visitor walks a boolean query's clauses
     * in hash order, so they are placed by where each first appears in the query text.
     */
    private static List<Term> inQueryOrder(String text, Set<Term> terms) {
        String lower = text.toLowerCase(Locale.ROOT);
        List<Term> ordered = new ArrayList<>(terms);
        ordered.sort(Comparator.comparingInt((Term term) -> {
            int at = lower.indexOf(term.text());
            return at < 0 ? Integer.MAX_VALUE : at;
        }).thenComparing(Term::text));
        return List.copyOf(ordered);
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    public String text() {
        return text;
    }

    Query query() {
        return query;
    }

    /** The text terms a matching record may hold, in query order, without those under NOT. */
    List<Term> terms() {
        return terms;
    }

    /** Collects every field the query names, and its text terms outside NOT clauses. */
    private static final class TermCollector extends QueryVisitor {
        private final Set<String> fields;
        private final Set<Term> terms;
        private final boolean negated;

        TermCollector(Set<String> fields, Set<Term> terms, boolean negated) {
            this.fields = fields;
            this.terms = terms;
            this.negated = negated;
        }

        @Override
        public boolean acceptField(String field) {
            fields.add(field);
            return true;
        }

        @Override
        public void consumeTerms(Query query, Term... consumed) {
            if (negated) {
                return;
            }
            for (Term term : consumed) {
                if (term.field().equals(MapIndex.TEXT_FIELD)) {
                    terms.add(term);
                }
            }
        }

        @Override
        public QueryVisitor getSubVisitor(BooleanClause.Occur occur, Query parent) {
            return occur == BooleanClause.Occur.MUST_NOT ? new TermCollector(fields, terms, true) : this;
        }
    }
}
