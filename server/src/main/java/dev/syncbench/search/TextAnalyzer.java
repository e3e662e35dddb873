package dev.syncbench.search;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.miscellaneous.LengthFilter;
import org.apache.lucene.analysis.util.CharTokenizer;

/**
 * The analysis TopGun's index applies (tantivy's default tokenizer): split on every character
 * that is not a letter or digit, lowercase, drop tokens longer than 40 characters. No stemming
 * and no stop words, so a query finds exactly the words a record holds.
 */
final class TextAnalyzer extends Analyzer {
    static final int MAX_TOKEN_CHARS = 40;

    @Override
    protected TokenStreamComponents createComponents(String fieldName) {
        Tokenizer tokenizer = CharTokenizer.fromTokenCharPredicate(Character::isLetterOrDigit);
        TokenStream stream = new LowerCaseFilter(tokenizer);
        stream = new LengthFilter(stream, 1, MAX_TOKEN_CHARS);
        return new TokenStreamComponents(tokenizer, stream);
    }

    @Override
    protected TokenStream normalize(String fieldName, TokenStream in) {
        return new LowerCaseFilter(in);
    }
}
