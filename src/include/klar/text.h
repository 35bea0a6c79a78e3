/* text.h - text helpers: UTF-8 checks, Latin-1 conversion, case folding of Norwegian names,
 * edit distance for "did you mean" suggestions. */
#ifndef KLAR_TEXT_H
#define KLAR_TEXT_H

#include <stddef.h>

/* A malloc'ed copy of s (NULL when out of memory). */
char *klar_text_dup(const char *s);

/* The number of characters (UTF-8 code points) in the NUL-terminated, well-formed string s. */
size_t klar_text_utf8_length(const char *s);

/* The length of the well-formed UTF-8 sequence at s (at most n bytes; no overlong forms, no
 * surrogates, nothing above U+10FFFF), or 0 if s does not start one. A NUL-terminated string
 * may pass n = 4: a sequence cut short by its NUL is malformed. */
size_t klar_text_utf8_sequence(const unsigned char *s, size_t n);

/* 1 if the n bytes at s are well-formed UTF-8 (no overlongs, no surrogates), else 0. */
int klar_text_is_utf8(const char *s, size_t n);

/* Converts n bytes of ISO-8859-1 to a malloc'ed, NUL-terminated UTF-8 string; *outlen gets
 * its length. NULL when out of memory. */
char *klar_text_latin1_to_utf8(const char *s, size_t n, size_t *outlen);

/* Lower-cases UTF-8 text for comparison (ASCII, Latin-1 letters such as Æ Ø Å, and the Latin
 * Extended-A letters of Sami names) and trims surrounding blanks. Always NUL-terminates out. */
void klar_text_fold(const char *in, char *out, size_t outsize);

/* Levenshtein distance between two byte strings; (size_t)-1 if either is longer than 64. */
size_t klar_text_edit_distance(const char *a, const char *b);

/* The candidate nearest to word (both compared folded), or NULL if none is reasonably close. */
const char *klar_text_suggest(const char *word, const char *const *candidates, size_t n);

/* " (did you mean 'x'?)" for the candidate klar_text_suggest finds into buf, or "" when none is
 * close; for putting after the word in a message. */
void klar_text_suggest_hint(const char *word, const char *const *candidates, size_t n, char *buf,
                            size_t size);

/* Case-insensitive (folded) equality of two UTF-8 strings. */
int klar_text_equal_folded(const char *a, const char *b);

#endif
