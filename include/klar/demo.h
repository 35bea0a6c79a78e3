/* demo.h - an invented demo dataset for the preparedness registry (klar serve --demo): ROS
 * risks in all six areas, scenarios (one with surge engine parameters), planning assumptions,
 * plans (one overdue), exercises with an evaluation and learning points (one overdue, one
 * closed), capacities, stocks (some below six months), reserves (one also assigned to the
 * armed forces) and today's situation reports, for Helse Vest and its HFs, the national level
 * and the municipality of Bergen; and the demo login. Every text says it is demo data,
 * invented. Dates are relative to the current UTC date, so that what is overdue stays overdue. */
#ifndef KLAR_DEMO_H
#define KLAR_DEMO_H

#include "klar/error.h"
#include "klar/store.h"

/* The demo login: a planner at the Ministry of Health (HOD), who sees HOD, the directorates,
 * the four RHFs and their HFs. The municipality's demo rows (Bergen, under Statsforvalteren i
 * Vestland, outside HOD's tree) are seen by users of sf-vestland or 4601 only. */
#define KLAR_DEMO_USER "demo"
#define KLAR_DEMO_ORG "hod"
#define KLAR_DEMO_ROLE "planner"
/* A generated password: 16 characters of a-z and 2-9 without look-alikes (80 bits). */
#define KLAR_DEMO_PASSWORD_LEN 16

/* Adds the demo dataset when the database holds no registry records yet (no risks and no
 * records of any kind of klar/record.h); the organisations must be seeded. The records go in
 * one by one, each with its audit row (user 0); a failure stops at once and leaves the rows
 * added so far. Returns the number of records added (0 if the database already held records),
 * or -1 with err naming the record that failed. */
int klar_registry_demo(klar_store *s, klar_error *err);

/* Gives the demo user (KLAR_DEMO_USER, KLAR_DEMO_ROLE at KLAR_DEMO_ORG) a new random password,
 * written to password (KLAR_DEMO_PASSWORD_LEN + 1 bytes): creates the user if missing, else
 * replaces its password hash, organisation and role, so that every start of a demo server
 * prints a login that works and no earlier one does. For throwaway demo databases only
 * (klar serve --demo refuses a database that holds records but no demo user).
 * 1 (created), 0 (reset), or -1 with err. */
int klar_registry_demo_user(klar_store *s, char password[KLAR_DEMO_PASSWORD_LEN + 1],
                            klar_error *err);

#endif
