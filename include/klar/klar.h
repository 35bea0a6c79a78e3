/* klar.h - the whole public contract of libklar, for programs that link it (pkg-config klar):
 *   error.h      klar_error: every failure's message, field and code
 *   store.h      the registry database (SQLite or PostgreSQL) and its migrations
 *   auth.h       users, passwords, sessions, roles and the organisation scope of rights
 *   registry.h   organisations, the risk areas, the risk matrix, the audit log
 *   record.h     the record kinds (risks, scenarios, plans, ...) and their engine
 *   overview.h   roll-ups of capacity, stocks, reserves, exercises and situation reports
 *   demo.h       the invented demo dataset
 *   population.h, poptable.h, geo.h, ssb.h, baseline.h   population data and projections
 *   workforce.h  the Helsemod-style workforce projection
 *   surge.h, chime.h   the surge and SIR capacity engines
 *   runs.h       engine runs from stored scenarios (as the server runs them)
 *   chart.h, jsonwriter.h, date.h, datadir.h   SVG charts, JSON text, dates, the data directory
 * Helpers used inside the library (CSV, INI, files, text, arrays) are not part of it. */
#ifndef KLAR_KLAR_H
#define KLAR_KLAR_H

#include "klar/error.h"
#include "klar/store.h"
#include "klar/auth.h"
#include "klar/registry.h"
#include "klar/record.h"
#include "klar/overview.h"
#include "klar/demo.h"
#include "klar/poptable.h"
#include "klar/geo.h"
#include "klar/population.h"
#include "klar/ssb.h"
#include "klar/baseline.h"
#include "klar/workforce.h"
#include "klar/surge.h"
#include "klar/chime.h"
#include "klar/runs.h"
#include "klar/chart.h"
#include "klar/export.h"
#include "klar/jsonwriter.h"
#include "klar/date.h"
#include "klar/datadir.h"

#endif
