/* handlers_web.c - the web app (web/): its one page at the address of every screen (/, /konto,
 * /tilgjengelighet ...), also with 404 for a browser at an address the app does not have (the
 * app then says so; other clients get the API's JSON 404), and its files under /assets/, from the assets embedded at build time
 * (server/assets.h), or with --web-dir from that directory on disk while developing. An
 * embedded file carries a strong ETag and `Cache-Control: no-cache`, so the browser asks again
 * and gets 304 while it is unchanged; a browser that takes gzip gets the gzip copy made at
 * build time. Files from disk are read anew for every request and not cached. */
#include "handlers.h"

#include "assets.h"
#include "klar/file.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PAGE "web/index.html"
#define MAX_FILE_BYTES ((size_t)8 << 20)

/* The files of the app by URL, with the asset (the path in the source tree) and their type. */
static const struct web_file {
    const char *url, *asset, *type;
} files[] = {
    {"/assets/app.js", "web/dist/app.js", "text/javascript; charset=utf-8"},
    {"/assets/app.css", "web/dist/app.css", "text/css; charset=utf-8"},
    {"/assets/xlsx.js", "web/dist/xlsx.js", "text/javascript; charset=utf-8"},
    {"/assets/favicon.svg", "web/favicon.svg", "image/svg+xml"},
};

static const struct web_file page = {"/", PAGE, "text/html; charset=utf-8"};

/* The addresses of the app's screens (web/src/main.js and kinds.js have the same): the page
 * answers 200 at these; at any other address a browser gets it with 404 and the app's "not
 * found". */
static const char *const screens[] = {"/", "/logg-inn", "/konto", "/tilgjengelighet",
                                      "/register", "/simulering", "/personell", "/brukere",
                                      "/logg", "/ovelsesplan", "/situasjon"};

/* The record kinds' screens: /<slug> (the list), /<slug>/ny (a new record), /<slug>/import
 * (records from a CSV file), /<slug>/<id>. */
static const char *const kind_slugs[] = {
    "ros", "scenarier", "planforutsetninger", "planer", "ovelser", "evalueringer",
    "laeringspunkter", "kapasitet", "lagre", "reserver", "situasjonsrapporter"};

/* 1 if rest is "", "/ny", "/import" or "/<decimal id>". */
static int is_record_rest(const char *rest)
{
    if (!*rest || strcmp(rest, "/ny") == 0 || strcmp(rest, "/import") == 0)
        return 1;
    if (*rest++ != '/' || !*rest || *rest == '0')
        return 0;
    return strspn(rest, "0123456789") == strlen(rest) && strlen(rest) <= 18;
}

static int is_kind_screen(const char *path)
{
    for (size_t i = 0; i < sizeof kind_slugs / sizeof kind_slugs[0]; i++) {
        size_t n = strlen(kind_slugs[i]);
        if (path[0] == '/' && strncmp(path + 1, kind_slugs[i], n) == 0 &&
            is_record_rest(path + 1 + n))
            return 1;
    }
    return 0;
}

/* The file of path: one of files, the page at a screen's address, or NULL. */
static const struct web_file *file_of(const char *path)
{
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
        if (strcmp(files[i].url, path) == 0)
            return &files[i];
    for (size_t i = 0; i < sizeof screens / sizeof screens[0]; i++)
        if (strcmp(screens[i], path) == 0)
            return &page;
    return is_kind_screen(path) ? &page : NULL;
}

static int is_get(const char *method)
{
    return strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
}

/* 1 if the request asks for a page (a browser's navigation: Accept names text/html). */
static int wants_page(const srv_request *req)
{
    const char *accept = srv_request_header(req, "Accept");
    return accept && strstr(accept, "text/html") != NULL;
}

int srv_web_serves(const srv_request *req)
{
    if (!is_get(req->method))
        return 0;
    if (file_of(req->path))
        return 1;
    return wants_page(req) && strncmp(req->path, "/api/", 5) != 0 &&
           strncmp(req->path, "/assets/", 8) != 0;
}

/* 1 if the request's Accept-Encoding takes gzip. */
static int takes_gzip(const srv_request *req)
{
    const char *accept = srv_request_header(req, "Accept-Encoding");
    return accept && strstr(accept, "gzip") != NULL;
}

/* 1 if If-None-Match names etag (or is "*"). */
static int not_modified(const srv_request *req, const char *etag)
{
    const char *sent = srv_request_header(req, "If-None-Match");
    return sent && (strcmp(sent, "*") == 0 || strstr(sent, etag) != NULL);
}

/* An embedded file: 304 (when may_304 and the browser has it), the gzip copy or the file. */
static void serve_embedded(srv_request *req, const struct web_file *f, int may_304,
                           srv_response *res)
{
    const srv_asset *a = srv_asset_find(f->asset);
    if (!a) {
        srv_respond_error(res, 404, NULL, "this klar was built without its web app (%s)",
                          f->asset);
        return;
    }
    int gzip = a->gzip && takes_gzip(req);
    char etag[40];
    /* each representation has its own tag: "<hash>" and "<hash>-gz" */
    snprintf(etag, sizeof etag, "%.*s%s\"", (int)strlen(a->etag) - 1, a->etag,
             gzip ? "-gz" : "");
    if (may_304 && not_modified(req, etag))
        srv_respond_bytes(res, 304, NULL, NULL, 0, 0);
    else if (gzip)
        srv_respond_bytes(res, 200, f->type, a->gzip, a->gzip_size, 0);
    else
        srv_respond_bytes(res, 200, f->type, a->data, a->size, 0);
    res->cache_control = "no-cache";
    srv_response_header(res, "ETag", "%s", etag);
    if (a->gzip)
        srv_response_header(res, "Vary", "Accept-Encoding");
    if (gzip && res->status == 200)
        srv_response_header(res, "Content-Encoding", "gzip");
}

/* A file of the --web-dir directory (its path without the "web/" of the source tree). */
static void serve_from_disk(const char *dir, const struct web_file *f, srv_response *res)
{
    char path[4096];
    klar_error err;
    size_t len = 0;
    snprintf(path, sizeof path, "%s/%s", dir, f->asset + strlen("web/"));
    char *data = klar_file_read(path, MAX_FILE_BYTES, &len, &err);
    if (!data) {
        fprintf(stderr, "klar serve: --web-dir: %s\n", err.message);
        srv_respond_error(res, 404, NULL, "the web app's file %s cannot be read from --web-dir",
                          f->asset + strlen("web/"));
        return;
    }
    srv_respond_bytes(res, 200, f->type, (const unsigned char *)data, len, 1);
}

void srv_handle_web(srv_request *req, srv_response *res)
{
    const struct web_file *f = file_of(req->path);
    int missing = f == NULL;           /* a browser at an address the app does not have */
    if (missing)
        f = &page;
    if (req->app->web_dir[0])
        serve_from_disk(req->app->web_dir, f, res);
    else
        serve_embedded(req, f, !missing, res);    /* a 404 is never "not modified" */
    if (missing && res->status == 200)
        res->status = 404;
}
