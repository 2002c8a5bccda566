package io.seatline.crm.internal;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.cn.smart.SmartChineseAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.QueryBuilder;

/**
 * One tenant's knowledge-base index (Lucene). Text is analysed by the smartcn analyser: Chinese is segmented into
 * words (a query for 退款 finds 退款政策 without matching every character on its own), English is lower-cased and
 * stemmed (refunds finds refund). Only ids are stored; the articles live in the database.
 */
final class KbIndex implements Closeable {
    /** An id and its score. */
    record Found(String id, float score) {
    }

    /** A page of results and how many there are in all. */
    record Result(List<Found> found, int total) {
    }

    private static final float TITLE_BOOST = 3f;
    private static final float KEYWORDS_BOOST = 2f;
    private static final float MIN_MATCH = 0.6f;

    private final FSDirectory dir;
    private final Analyzer analyzer = new SmartChineseAnalyzer();
    private final IndexWriter writer;
    private final SearcherManager searchers;

    KbIndex(Path path) throws IOException {
        dir = FSDirectory.open(path);
        writer = new IndexWriter(dir, new IndexWriterConfig(analyzer).setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND));
        searchers = new SearcherManager(writer, null);
    }

    int count() {
        return writer.getDocStats().numDocs;
    }

    /** Adds or replaces an article; {@code commit} false for bulk loads (call {@link #commit()} at the end). */
    void put(String id, String category, String title, String keywords, String body, boolean commit) {
        Document d = new Document();
        d.add(new StringField("id", id, Field.Store.YES));
        d.add(new StringField("category", category, Field.Store.NO));
        d.add(new TextField("title", title, Field.Store.NO));
        d.add(new TextField("keywords", keywords, Field.Store.NO));
        d.add(new TextField("body", body, Field.Store.NO));
        try {
            writer.updateDocument(new Term("id", id), d);
            if (commit) {
                commit();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void remove(String id) {
        try {
            writer.deleteDocuments(new Term("id", id));
            commit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void clear() {
        try {
            writer.deleteAll();
            commit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void commit() throws IOException {
        writer.commit();
        searchers.maybeRefreshBlocking();
    }

    Result search(String text, String category, int offset, int limit) {
        QueryBuilder qb = new QueryBuilder(analyzer);
        BooleanQuery.Builder any = new BooleanQuery.Builder();
        boolean terms = false;
        for (String[] f : new String[][] {{"title", String.valueOf(TITLE_BOOST)}, {"keywords", String.valueOf(KEYWORDS_BOOST)}, {"body", "1"}}) {
            // most of the query's words must be in the field: one common character alone does not make a hit
            Query q = qb.createMinShouldMatchQuery(f[0], text, MIN_MATCH);
            if (q != null) {
                any.add(new BoostQuery(q, Float.parseFloat(f[1])), BooleanClause.Occur.SHOULD);
                terms = true;
            }
        }
        if (!terms) {
            return new Result(List.of(), 0);
        }
        BooleanQuery.Builder query = new BooleanQuery.Builder().add(any.build(), BooleanClause.Occur.MUST);
        if (category != null) {
            query.add(new TermQuery(new Term("category", category)), BooleanClause.Occur.FILTER);
        }
        Query q = query.build();
        try {
            IndexSearcher s = searchers.acquire();
            try {
                TopDocs top = s.search(q, offset + limit);
                List<Found> out = new ArrayList<>();
                ScoreDoc[] docs = top.scoreDocs;
                for (int i = offset; i < docs.length; i++) {
                    out.add(new Found(s.storedFields().document(docs[i].doc).get("id"), docs[i].score));
                }
                return new Result(out, s.count(q));
            } finally {
                searchers.release(s);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The words the analyser makes of a text (to find a snippet). */
    List<String> words(String text) {
        List<String> out = new ArrayList<>();
        try (TokenStream ts = analyzer.tokenStream("body", text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                out.add(term.toString());
            }
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        searchers.close();
        writer.close();
        dir.close();
        analyzer.close();
    }
}
