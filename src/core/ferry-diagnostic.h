/* ferry-diagnostic.h
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  FERRY_SEVERITY_WARNING,
  FERRY_SEVERITY_ERROR,
} FerrySeverity;

/* At most this many problems are reported for one workspace. */
#define FERRY_DIAGNOSTICS_MAX 100

typedef struct _FerryDiagnostic FerryDiagnostic;

struct _FerryDiagnostic
{
  FerrySeverity  severity;
  gchar         *file;
  guint          line;
  guint          column;
  gchar         *path;      /* JSON path, e.g. repos[2].builds[0].services[1] */
  gchar         *message;
  gchar         *service;   /* the service it concerns, if any */
};

#define FERRY_TYPE_DIAGNOSTIC (ferry_diagnostic_get_type ())

GType            ferry_diagnostic_get_type (void) G_GNUC_CONST;
FerryDiagnostic *ferry_diagnostic_new      (FerrySeverity          severity,
                                            const gchar           *file,
                                            guint                  line,
                                            guint                  column,
                                            const gchar           *path,
                                            const gchar           *message);
FerryDiagnostic *ferry_diagnostic_copy     (const FerryDiagnostic *self);
void             ferry_diagnostic_free     (FerryDiagnostic       *self);
gchar           *ferry_diagnostic_format   (const FerryDiagnostic *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FerryDiagnostic, ferry_diagnostic_free)

typedef struct _FerryDiagnostics FerryDiagnostics;

FerryDiagnostics      *ferry_diagnostics_new          (void);
void                   ferry_diagnostics_free         (FerryDiagnostics      *self);
gboolean               ferry_diagnostics_add          (FerryDiagnostics      *self,
                                                       FerryDiagnostic       *diagnostic);
guint                  ferry_diagnostics_get_count    (FerryDiagnostics      *self);
const FerryDiagnostic *ferry_diagnostics_get          (FerryDiagnostics      *self,
                                                       guint                  index);
guint                  ferry_diagnostics_count_errors (FerryDiagnostics      *self);
gboolean               ferry_diagnostics_is_full      (FerryDiagnostics      *self);
guint                  ferry_diagnostics_get_dropped  (FerryDiagnostics      *self);
void                   ferry_diagnostics_sort         (FerryDiagnostics      *self);
gchar                 *ferry_diagnostics_format       (FerryDiagnostics      *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FerryDiagnostics, ferry_diagnostics_free)

G_END_DECLS
