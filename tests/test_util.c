/* test_util.c - the CSV reader, number parsing, error messages, paths, "did you mean" hints and
 * the SVG chart writer. */
#include "test.h"

#include "klar/array.h"
#include "klar/chart.h"
#include "klar/csv.h"
#include "klar/error.h"
#include "klar/file.h"
#include "klar/text.h"

static FILE *stream_of(const char *text)
{
    FILE *fp = tmpfile();
    fputs(text, fp);
    rewind(fp);
    return fp;
}

static void test_csv_quotes_crlf_and_blank_lines(void)
{
    FILE *fp = stream_of("\"a\";\"b;c\";\"say \"\"hi\"\"\"\r\n\r\n1;;3\r\n");
    klar_csv *csv = klar_csv_from_stream(fp, "x.csv", ';');
    klar_error err;
    int n;
    char **f;
    CHECK(klar_csv_next(csv, &n, &f, &err) == 1);
    CHECK(n == 3);
    CHECK(strcmp(f[0], "a") == 0 && strcmp(f[1], "b;c") == 0 && strcmp(f[2], "say \"hi\"") == 0);
    CHECK(klar_csv_next(csv, &n, &f, &err) == 1);
    CHECK(n == 3 && strcmp(f[1], "") == 0 && strcmp(f[2], "3") == 0);
    CHECK(klar_csv_line(csv) == 3);
    CHECK(klar_csv_next(csv, &n, &f, &err) == 0);
    klar_csv_close(csv);
    fclose(fp);
}

static void test_csv_bad_quote_names_file_and_line(void)
{
    FILE *fp = stream_of("a,b\n\"open,c\n");
    klar_csv *csv = klar_csv_from_stream(fp, "bad.csv", ',');
    klar_error err;
    int n;
    char **f;
    CHECK(klar_csv_next(csv, &n, &f, &err) == 1);
    CHECK(klar_csv_next(csv, &n, &f, &err) == -1);
    CHECK(strstr(err.message, "bad.csv:2:") == err.message);
    CHECK(strstr(err.message, "quot") != NULL);
    klar_csv_close(csv);
    fclose(fp);
}

/* A bad quote and too many fields are told apart, by klar_csv_split and by the reader. */
static void test_csv_split_bad_quote_or_too_many(void)
{
    char line[64], *f[3];
    snprintf(line, sizeof line, "\"open,b");
    CHECK(klar_csv_split(line, ',', f, 3) == KLAR_CSV_BAD_QUOTE);
    snprintf(line, sizeof line, "\"a\"b,c");
    CHECK(klar_csv_split(line, ',', f, 3) == KLAR_CSV_BAD_QUOTE);
    snprintf(line, sizeof line, "a,b,c,d");
    CHECK(klar_csv_split(line, ',', f, 3) == KLAR_CSV_TOO_MANY);
    snprintf(line, sizeof line, "\"a,b\",c");
    CHECK(klar_csv_split(line, ',', f, 3) == 2 && strcmp(f[0], "a,b") == 0);

    char text[512] = "";
    for (int i = 0; i <= KLAR_CSV_MAX_FIELDS; i++)
        strcat(text, i ? ",x" : "x");
    strcat(text, "\n");
    FILE *fp = stream_of(text);
    klar_csv *csv = klar_csv_from_stream(fp, "wide.csv", ',');
    klar_error err;
    int n;
    char **fields;
    char want[64];
    snprintf(want, sizeof want, "wide.csv:1: more than %d fields", KLAR_CSV_MAX_FIELDS);
    CHECK(klar_csv_next(csv, &n, &fields, &err) == -1);
    CHECK(strcmp(err.message, want) == 0);
    klar_csv_close(csv);
    fclose(fp);
}

static void test_csv_last_line_without_newline(void)
{
    FILE *fp = stream_of("x,y\n1,2");
    klar_csv *csv = klar_csv_from_stream(fp, "t", ',');
    klar_error err;
    int n;
    char **f;
    CHECK(klar_csv_next(csv, &n, &f, &err) == 1);
    CHECK(klar_csv_next(csv, &n, &f, &err) == 1);
    CHECK(n == 2 && strcmp(f[1], "2") == 0);
    CHECK(klar_csv_next(csv, &n, &f, &err) == 0);
    klar_csv_close(csv);
    fclose(fp);
}

static void test_csv_open_missing_file(void)
{
    klar_error err;
    CHECK(klar_csv_open("/nonexistent/klar.csv", ',', &err) == NULL);
    CHECK(strstr(err.message, "/nonexistent/klar.csv") != NULL);
}

static void test_parse_numbers(void)
{
    long l;
    double d;
    CHECK(klar_parse_long("42", &l) == 0 && l == 42);
    CHECK(klar_parse_long("-7", &l) == 0 && l == -7);
    CHECK(klar_parse_long("4x", &l) != 0);
    CHECK(klar_parse_long("", &l) != 0);
    CHECK(klar_parse_long("99999999999999999999999", &l) != 0);
    CHECK(klar_parse_double("0.25", &d) == 0 && d == 0.25);
    CHECK(klar_parse_double("1e3", &d) == 0 && d == 1000);
    CHECK(klar_parse_double("nan", &d) != 0);
    CHECK(klar_parse_double("inf", &d) != 0);
    CHECK(klar_parse_double("1,5", &d) != 0);
}

static void test_error_format(void)
{
    klar_error err;
    klar_error_set(&err, "f.csv", 12, "bad %s", "age");
    CHECK(strcmp(err.message, "f.csv:12: bad age") == 0);
    klar_error_set(&err, "f.csv", 0, "gone");
    CHECK(strcmp(err.message, "f.csv: gone") == 0);
    klar_error_set(&err, NULL, 0, "plain");
    CHECK(strcmp(err.message, "plain") == 0);
}

static void test_chart_svg_has_units_marker_and_escapes(void)
{
    double x[3] = {2022, 2023, 2024}, y[3] = {1000, 1500, 1200}, lo[3] = {900, 1400, 1000},
           hi[3] = {1100, 1600, 1300};
    klar_chart_series s[2] = {{"supply <FTE>", x, y, NULL, NULL, 3, 0}, {"demand", x, y, lo, hi, 3, 1}};
    klar_chart c = {"Title & more", "sub", "year", "FTE (årsverk)", 1, 2022, "base year 2022", "note"};
    FILE *fp = tmpfile();
    CHECK(klar_chart_write_svg(fp, &c, s, 2) == 0);
    long size = ftell(fp);
    rewind(fp);
    char *buf = calloc(1, (size_t)size + 1);
    CHECK(fread(buf, 1, (size_t)size, fp) == (size_t)size);
    CHECK(strstr(buf, "<svg") != NULL && strstr(buf, "</svg>") != NULL);
    CHECK(strstr(buf, "FTE (årsverk)") != NULL);
    CHECK(strstr(buf, "base year 2022") != NULL);
    CHECK(strstr(buf, "Title &amp; more") != NULL);
    CHECK(strstr(buf, "supply &lt;FTE&gt;") != NULL);
    CHECK(strstr(buf, "fill-opacity") != NULL); /* the band */
    free(buf);
    fclose(fp);
    CHECK(klar_chart_write_svg(stdout, &c, s, 0) == -1);
}

static void test_file_read_bounds_and_errors(void)
{
    char path[] = "/tmp/klar-test-file-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    FILE *fp = fdopen(fd, "wb");
    for (int i = 0; i < 10000; i++)
        fputc('a' + i % 26, fp);
    fclose(fp);
    klar_error err;
    size_t len;
    char *text = klar_file_read(path, 1 << 20, &len, &err);
    CHECK(text != NULL && len == 10000 && text[10000] == '\0' && text[9999] == 'a' + 9999 % 26);
    free(text);
    CHECK(klar_file_read(path, 5000, &len, &err) == NULL);
    CHECK(strstr(err.message, path) == err.message && strstr(err.message, "larger than 5000 bytes"));
    text = klar_file_read(path, 10000, &len, &err); /* exactly at the limit is allowed */
    CHECK(text != NULL && len == 10000);
    free(text);
    remove(path);
    CHECK(klar_file_read(path, 100, &len, &err) == NULL && len == 0);
    CHECK(strstr(err.message, "cannot open") != NULL);
}

static void test_array_grow_keeps_elements_and_refuses_overflow(void)
{
    size_t cap = 0;
    int *items = NULL;
    for (size_t i = 0; i < 1000; i++) {
        int *n = klar_array_grow(items, &cap, i, sizeof *n);
        CHECK(n != NULL);
        if (!n)
            break;
        items = n;
        items[i] = (int)i * 3;
        CHECK(cap > i);
    }
    int all = 1;
    for (size_t i = 0; i < 1000; i++)
        all &= items[i] == (int)i * 3;
    CHECK(all);
    size_t big = cap;
    CHECK(klar_array_grow(items, &big, (size_t)-1 / 2, sizeof *items) == NULL);
    CHECK(big == cap); /* unchanged on failure */
    free(items);
}

static int count_rows(klar_csv *csv, int n, char **f, void *ctx, klar_error *err)
{
    (void)n;
    if (strcmp(f[0], "stop") == 0) {
        klar_error_set(err, klar_csv_name(csv), klar_csv_line(csv), "told to stop");
        return -1;
    }
    ++*(int *)ctx;
    return 0;
}

/* klar_csv_read_table on text with flags: rows counted into *rows, the message into err. */
static int read_table_text(const char *text, int flags, int *rows, klar_error *err)
{
    static const char *const columns[] = {"age", "male", "female"};
    char path[64];
    snprintf(path, sizeof path, "%s", test_temp_file(text));
    *rows = 0;
    int rc = klar_csv_read_table(path, columns, 3, flags, count_rows, rows, err);
    remove(path);
    return rc;
}

static void test_read_table_header_comments_and_flags(void)
{
    klar_error err;
    int rows;
    CHECK(read_table_text("age,male,female\n1,2,3\n4,5,6\n", 0, &rows, &err) == 0 && rows == 2);
    CHECK(read_table_text("age,male,sex\n1,2,3\n", 0, &rows, &err) == -1);
    CHECK(strstr(err.message, ":1: expected the header 'age,male,female', not 'sex' in column 3") != NULL);
    CHECK(read_table_text("age,male\n", 0, &rows, &err) == -1);
    CHECK(strstr(err.message, "(3 columns, not 2)") != NULL);
    CHECK(read_table_text("age,male\n1,2\n", KLAR_CSV_OPTIONAL_LAST, &rows, &err) == 0 && rows == 1);
    CHECK(read_table_text("Age,MALE,female\n", 0, &rows, &err) == -1);
    CHECK(read_table_text("Age,MALE,female\n1,2,3\n", KLAR_CSV_ANY_CASE, &rows, &err) == 0 && rows == 1);
    /* comments and a byte order mark only where the flag says so */
    const char *edited = "\xEF\xBB\xBF# basis: assumption\nage,male,female\n# a note\n1,2,3\n";
    CHECK(read_table_text(edited, KLAR_CSV_COMMENTS, &rows, &err) == 0 && rows == 1);
    CHECK(read_table_text(edited, 0, &rows, &err) == -1);
    CHECK(read_table_text("# only a comment\n", KLAR_CSV_COMMENTS, &rows, &err) == -1);
    CHECK(strstr(err.message, ": empty file; expected the header 'age,male,female'") != NULL);
    /* the row callback stops the read with its own message */
    CHECK(read_table_text("age,male,female\n1,2,3\nstop,0,0\n4,5,6\n", 0, &rows, &err) == -1);
    CHECK(rows == 1 && strstr(err.message, ":3: told to stop") != NULL);
}

static void test_file_commit_replaces_or_keeps_the_old_file(void)
{
    char path[64], tmp[80];
    snprintf(path, sizeof path, "%s", test_temp_file("old\n"));
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    klar_error err;
    size_t len;
    FILE *fp = klar_file_create(path, &err);
    CHECK(fp != NULL);
    fputs("half-written", fp);
    CHECK(klar_file_commit(fp, path, 0, &err) == -1); /* the writer failed: keep the old file */
    char *text = klar_file_read(path, 100, &len, &err);
    CHECK(text && strcmp(text, "old\n") == 0);
    free(text);
    struct stat st;
    CHECK(stat(tmp, &st) != 0);
    fp = klar_file_create(path, &err);
    fputs("new\n", fp);
    CHECK(klar_file_commit(fp, path, 1, &err) == 0);
    text = klar_file_read(path, 100, &len, &err);
    CHECK(text && strcmp(text, "new\n") == 0);
    free(text);
    CHECK(stat(tmp, &st) != 0);
    remove(path);
    CHECK(klar_file_create("/nonexistent-dir/x.csv", &err) == NULL);
    CHECK(strstr(err.message, "/nonexistent-dir/x.csv: cannot write") != NULL);
}

static void test_paths(void)
{
    char buf[32];
    klar_path_dir("scenarios/x.ini", buf, sizeof buf);
    CHECK(strcmp(buf, "scenarios") == 0);
    klar_path_dir("a/b/c.csv", buf, sizeof buf);
    CHECK(strcmp(buf, "a/b") == 0);
    klar_path_dir("/x.ini", buf, sizeof buf);
    CHECK(strcmp(buf, "/") == 0);
    klar_path_dir("x.ini", buf, sizeof buf);
    CHECK(strcmp(buf, ".") == 0);
    klar_path_dir("0123456789/x", buf, 5);
    CHECK(strcmp(buf, "0123") == 0);

    klar_error err;
    CHECK(klar_path_join(buf, sizeof buf, "data", "geo/counties.csv", &err) == 0);
    CHECK(strcmp(buf, "data/geo/counties.csv") == 0);
    CHECK(klar_path_join(buf, sizeof buf, "data", "/etc/x.csv", &err) == 0);
    CHECK(strcmp(buf, "/etc/x.csv") == 0);
    CHECK(klar_path_join(buf, 10, "data", "population.csv", &err) == -1);
    CHECK(strcmp(err.message, "data: path too long") == 0);
    CHECK(klar_path_join(buf, 10, "data", "population.csv", NULL) == -1);
    CHECK(klar_path_join(buf, 8, "data", "/a/b/c/d.csv", &err) == -1);
    CHECK(strcmp(err.message, "/a/b/c/d.csv: path too long") == 0);

    const char *file = test_temp_file("x\n");
    CHECK(klar_path_is_file(file));
    klar_path_dir(file, buf, sizeof buf);
    CHECK(!klar_path_is_file(buf));   /* a directory */
    remove(file);
    CHECK(!klar_path_is_file(file));
}

static void test_suggest_hint(void)
{
    static const char *const formats[] = {"table", "csv", "json"};
    char hint[64];
    klar_text_suggest_hint("jsno", formats, 3, hint, sizeof hint);
    CHECK(strcmp(hint, " (did you mean 'json'?)") == 0);
    klar_text_suggest_hint("xml", formats, 3, hint, sizeof hint);
    CHECK(strcmp(hint, "") == 0);
    klar_text_suggest_hint("JSON", formats, 3, hint, sizeof hint);   /* compared folded */
    CHECK(strcmp(hint, " (did you mean 'json'?)") == 0);
    klar_text_suggest_hint("csv", formats, 0, hint, sizeof hint);
    CHECK(strcmp(hint, "") == 0);
    klar_text_suggest_hint("jsno", formats, 3, hint, 8);
    CHECK(strcmp(hint, " (did y") == 0);
}

static void test_utf8_length(void)
{
    CHECK(klar_text_utf8_length("") == 0);
    CHECK(klar_text_utf8_length("Helse Førde") == 11);
    CHECK(klar_text_utf8_length("æøå€𝄞") == 5);      /* two-, three- and four-byte characters */
}

int main(void)
{
    RUN(test_csv_quotes_crlf_and_blank_lines);
    RUN(test_csv_bad_quote_names_file_and_line);
    RUN(test_csv_split_bad_quote_or_too_many);
    RUN(test_csv_last_line_without_newline);
    RUN(test_csv_open_missing_file);
    RUN(test_parse_numbers);
    RUN(test_error_format);
    RUN(test_chart_svg_has_units_marker_and_escapes);
    RUN(test_file_read_bounds_and_errors);
    RUN(test_array_grow_keeps_elements_and_refuses_overflow);
    RUN(test_read_table_header_comments_and_flags);
    RUN(test_file_commit_replaces_or_keeps_the_old_file);
    RUN(test_paths);
    RUN(test_suggest_hint);
    RUN(test_utf8_length);
    return test_finish();
}
