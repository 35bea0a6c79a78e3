/* test_poptable.c - population rows: adding, CSV writing (persons formatting), reading with
 * file:line errors, collapsing, and the shipped data/population.csv baseline. */
#include "test.h"

#include <unistd.h>

#include "klar/datadir.h"
#include "klar/poptable.h"

/* Writes the table as CSV into buf (NUL-terminated). */
static void write_to_buffer(const klar_poptable *t, char *buf, size_t size)
{
    FILE *fp = tmpfile();
    CHECK(fp != NULL);
    if (!fp)
        return;
    CHECK(klar_poptable_write_csv(fp, t) == 0);
    rewind(fp);
    size_t n = fread(buf, 1, size - 1, fp);
    buf[n] = '\0';
    fclose(fp);
}

static void test_sex_names(void)
{
    CHECK(strcmp(klar_sex_name(KLAR_MALE), "male") == 0);
    CHECK(strcmp(klar_sex_name(KLAR_FEMALE), "female") == 0);
    CHECK(strcmp(klar_sex_name(KLAR_SEX_ALL), "all") == 0);
}

static void test_add_and_free(void)
{
    klar_poptable t = {NULL, 0, 0};
    for (int i = 0; i < 5000; i++)
        CHECK(klar_poptable_add(&t, 2022, 3001, KLAR_MALE, i % KLAR_AGES, i) == 0);
    CHECK(t.count == 5000);
    CHECK(t.rows[4999].persons == 4999);
    klar_poptable_free(&t);
    CHECK(t.rows == NULL && t.count == 0 && t.capacity == 0);
}

static void test_write_formats_persons(void)
{
    klar_poptable t = {NULL, 0, 0};
    klar_poptable_add(&t, 2022, 3001, KLAR_MALE, 0, 134);
    klar_poptable_add(&t, 2022, 5055, KLAR_FEMALE, 1, 17 * 0.35);
    klar_poptable_add(&t, 2019, 1806, KLAR_SEX_ALL, 105, 1.0 / 3.0);
    klar_poptable_add(&t, 2019, 3, KLAR_SEX_ALL, 2, 0.1 + 0.2 + 99.7); /* 100 up to rounding */
    klar_poptable_add(&t, 2019, 3, KLAR_SEX_ALL, 3, 0);
    klar_poptable_add(&t, 2022, 301, KLAR_FEMALE, 40, 5000); /* Oslo municipality */
    char buf[1024];
    write_to_buffer(&t, buf, sizeof buf);
    CHECK(strcmp(buf, "year,region,sex,age,persons\n"
                      "2022,3001,male,0,134\n"
                      "2022,5055,female,1,5.95\n"
                      "2019,1806,all,105,0.3333\n"
                      "2019,03,all,2,100\n"
                      "2019,03,all,3,0\n"
                      "2022,0301,female,40,5000\n") == 0);
    klar_poptable_free(&t);
}

static void test_collapse_sums_and_sorts(void)
{
    klar_poptable t = {NULL, 0, 0};
    klar_poptable_add(&t, 2022, 5001, KLAR_FEMALE, 3, 2);
    klar_poptable_add(&t, 2021, 5001, KLAR_FEMALE, 3, 1);
    klar_poptable_add(&t, 2022, 5001, KLAR_FEMALE, 3, 5);
    klar_poptable_add(&t, 2022, 301, KLAR_MALE, 3, 7);
    klar_poptable_add(&t, 2022, 5001, KLAR_MALE, 3, 11);
    CHECK(klar_poptable_collapse(&t) == 0);
    CHECK(t.count == 4);
    CHECK(t.rows[0].year == 2021);
    CHECK(t.rows[1].region == 301);
    CHECK(t.rows[2].region == 5001 && t.rows[2].sex == KLAR_MALE);
    CHECK(t.rows[3].region == 5001 && t.rows[3].sex == KLAR_FEMALE && t.rows[3].persons == 7);
    klar_poptable_free(&t);
    CHECK(klar_poptable_collapse(&t) == 0); /* empty is fine */
}

static void test_read_round_trip(void)
{
    const char *path = test_temp_file("year,region,sex,age,persons\r\n2022,3001,male,0,134\r\n\r\n2019,1806,all,105,0.5\r\n");
    klar_poptable t = {NULL, 0, 0};
    klar_error err;
    CHECK(klar_poptable_read_csv(path, &t, &err) == 0);
    CHECK(t.count == 2);
    if (t.count == 2) {
        CHECK(t.rows[0].year == 2022 && t.rows[0].region == 3001 && t.rows[0].sex == KLAR_MALE && t.rows[0].age == 0);
        CHECK(t.rows[1].sex == KLAR_SEX_ALL && t.rows[1].age == 105 && t.rows[1].persons == 0.5);
    }
    unlink(path);
    klar_poptable_free(&t);
}

/* Reads text expecting failure; checks that the table is unchanged and returns the message. */
static const char *read_error(const char *text)
{
    static klar_error err;
    static char message[1024];
    const char *path = test_temp_file(text);
    klar_poptable t = {NULL, 0, 0};
    klar_poptable_add(&t, 2000, 1, KLAR_MALE, 1, 1);
    klar_error_clear(&err);
    CHECK(klar_poptable_read_csv(path, &t, &err) == -1);
    CHECK(t.count == 1);
    klar_poptable_free(&t);
    /* replace the random temporary name by "F" so that messages compare simply */
    const char *m = err.message;
    if (strncmp(m, path, strlen(path)) == 0)
        snprintf(message, sizeof message, "F%s", m + strlen(path));
    else
        snprintf(message, sizeof message, "%s", m);
    unlink(path);
    return message;
}

static void test_read_rejects_bad_input(void)
{
    const char *h = "year,region,sex,age,persons\n";
    char buf[256];
    CHECK(test_contains(read_error(""), "F: empty file"));
    CHECK(test_contains(read_error("year,region,age,persons\n"), "F:1: expected the header 'year,region,sex,age,persons'"));
    snprintf(buf, sizeof buf, "%s2022,3001,male,0,1\n2022,3001,men,0,1\n", h);
    CHECK(strcmp(read_error(buf), "F:3: bad sex 'men' (use male, female or all)") == 0);
    snprintf(buf, sizeof buf, "%s2022,3001,male,106,1\n", h);
    CHECK(test_contains(read_error(buf), "F:2: bad age '106'"));
    snprintf(buf, sizeof buf, "%s2022,3001,male,1,12x\n", h);
    CHECK(test_contains(read_error(buf), "F:2: bad persons '12x'"));
    snprintf(buf, sizeof buf, "%s2022,3001,male,1,-3\n", h);
    CHECK(test_contains(read_error(buf), "F:2: bad persons '-3'"));
    snprintf(buf, sizeof buf, "%s2022,3001,male,1\n", h);
    CHECK(test_contains(read_error(buf), "F:2: expected 5 fields"));
    snprintf(buf, sizeof buf, "%s22,3001,male,1,1\n", h);
    CHECK(test_contains(read_error(buf), "F:2: bad year '22'"));
    snprintf(buf, sizeof buf, "%s2022,\"3001,male,1,1\n", h);
    CHECK(test_contains(read_error(buf), "F:2: malformed quoting"));
    klar_poptable t = {NULL, 0, 0};
    klar_error err;
    CHECK(klar_poptable_read_csv("/nonexistent/pop.csv", &t, &err) == -1);
    CHECK(test_contains(err.message, "/nonexistent/pop.csv: cannot open"));
}

/* The shipped baseline by county: complete years match Norway's population. */
static void test_shipped_baseline_totals(void)
{
    char path[4096];
    CHECK(klar_datapath(path, sizeof path, "population.csv") == 0);
    klar_poptable t = {NULL, 0, 0};
    klar_error err;
    CHECK(klar_poptable_read_csv(path, &t, &err) == 0);
    double total[2100] = {0}, men[2100] = {0}, women[2100] = {0};
    int bad_region = 0;
    for (size_t i = 0; i < t.count; i++) {
        const klar_poprow *r = &t.rows[i];
        if (r->year < 2000 || r->year >= 2100)
            continue;
        total[r->year] += r->persons;
        if (r->sex == KLAR_MALE)
            men[r->year] += r->persons;
        if (r->sex == KLAR_FEMALE)
            women[r->year] += r->persons;
        bad_region += r->region < 1 || r->region > 99;
    }
    CHECK(bad_region == 0);
    CHECK_NEAR(total[2022], 5425270, 0.01);
    CHECK_NEAR(men[2022], 2737332, 0.01);
    CHECK_NEAR(women[2022], 2687938, 0.01);
    CHECK_NEAR(total[2021], 5391369, 0.01);
    CHECK_NEAR(total[2020], 5367580, 0.01);
    CHECK_NEAR(total[2019], 5328212, 0.01);
    CHECK_NEAR(total[2018], 5295619, 0.01);
    CHECK_NEAR(total[2017], 5258317, 0.01);
    CHECK_NEAR(total[2016], 5150571, 0.01);
    CHECK(total[2005] > 4.4e6);
    klar_poptable_free(&t);
}

int main(void)
{
    RUN(test_sex_names);
    RUN(test_add_and_free);
    RUN(test_write_formats_persons);
    RUN(test_collapse_sums_and_sorts);
    RUN(test_read_round_trip);
    RUN(test_read_rejects_bad_input);
    RUN(test_shipped_baseline_totals);
    return test_finish();
}
