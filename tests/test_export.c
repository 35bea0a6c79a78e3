/* test_export.c - records as CSV and XLSX (klar/export.h): the header row from the members,
 * RFC 4180 quoting, numbers and booleans as themselves, lists joined, quantities as their
 * value, null as an empty cell, a text that starts like a formula guarded, and a workbook file
 * that is a zip with the records in its strings. */
#include "test.h"

#include "klar/export.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static json_t *records(void)
{
    return json_loads("[{\"id\": 1, \"item\": \"ffp2, small\", \"on_hand\": 1200.5, \"ok\": true,"
                      " \"risk_ids\": [3, 4], \"cover\": {\"value\": 6.5, \"unit\": \"months\"},"
                      " \"note\": null},"
                      " {\"id\": 2, \"item\": \"say \\\"hi\\\"\", \"on_hand\": -3, \"ok\": false,"
                      " \"risk_ids\": [], \"cover\": null, \"note\": \"=HYPERLINK(1)\", \"extra\": \"x\"}]",
                      0, NULL);
}

static void test_csv(void)
{
    json_t *r = records();
    klar_error err;
    size_t len = 0;
    char *csv = klar_export_csv(r, &len, &err);
    CHECK(csv != NULL && len == strlen(csv));
    if (csv) {
        const char *want =
            "\xEF\xBB\xBFid,item,on_hand,ok,risk_ids,cover,note,extra\r\n"
            "1,\"ffp2, small\",1200.5,TRUE,3; 4,6.5,,\r\n"
            "2,\"say \"\"hi\"\"\",-3,FALSE,,,'=HYPERLINK(1),x\r\n";
        CHECK(strcmp(csv, want) == 0);
        if (strcmp(csv, want) != 0)
            fprintf(stderr, "got:\n%s", csv);
    }
    free(csv);
    json_decref(r);
    json_t *none = json_array();
    csv = klar_export_csv(none, &len, &err);
    CHECK(csv && strcmp(csv, "\xEF\xBB\xBF\r\n") == 0);
    free(csv);
    json_decref(none);
}

static void test_xlsx(void)
{
    char dir[] = "/tmp/klar-export-test-XXXXXX";
    if (!mkdtemp(dir)) {
        CHECK(0);
        return;
    }
    char path[128];
    snprintf(path, sizeof path, "%s/stocks.xlsx", dir);
    json_t *r = records();
    klar_error err;
    char *long_text = malloc(70000);                 /* over a cell's 32 767 characters */
    memset(long_text, 'x', 69999);
    long_text[69999] = '\0';
    json_object_set_new(json_array_get(r, 0), "note", json_string(long_text));
    free(long_text);
    CHECK(klar_export_xlsx(r, "stocks", path, &err) == 0);
    FILE *f = fopen(path, "rb");
    char magic[2] = {0};
    CHECK(f && fread(magic, 1, 2, f) == 2 && magic[0] == 'P' && magic[1] == 'K');
    if (f)
        fclose(f);
    remove(path);
    snprintf(path, sizeof path, "%s/no/such/dir/x.xlsx", dir);
    CHECK(klar_export_xlsx(r, "stocks", path, &err) == -1 && err.message[0]);
    json_decref(r);
    rmdir(dir);
}

int main(void)
{
    RUN(test_csv);
    RUN(test_xlsx);
    return test_finish();
}
