/* ferry-prom-text.h
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * FerryPromType:
 * @FERRY_PROM_TYPE_UNTYPED: no `# TYPE` line, or `untyped`
 * @FERRY_PROM_TYPE_COUNTER: `counter`
 * @FERRY_PROM_TYPE_GAUGE: `gauge`
 * @FERRY_PROM_TYPE_HISTOGRAM: `histogram`
 * @FERRY_PROM_TYPE_SUMMARY: `summary`
 *
 * The type of a metric family.
 */
typedef enum
{
  FERRY_PROM_TYPE_UNTYPED,
  FERRY_PROM_TYPE_COUNTER,
  FERRY_PROM_TYPE_GAUGE,
  FERRY_PROM_TYPE_HISTOGRAM,
  FERRY_PROM_TYPE_SUMMARY,
} FerryPromType;

typedef struct _FerryPromText   FerryPromText;
typedef struct _FerryPromFamily FerryPromFamily;
typedef struct _FerryPromSample FerryPromSample;

#define FERRY_TYPE_PROM_TEXT (ferry_prom_text_get_type ())

GType            ferry_prom_text_get_type          (void) G_GNUC_CONST;
FerryPromText   *ferry_prom_text_parse             (const gchar         *text,
                                                    gssize               length,
                                                    GError             **error);
FerryPromText   *ferry_prom_text_ref               (FerryPromText       *self);
void             ferry_prom_text_unref             (FerryPromText       *self);
guint            ferry_prom_text_get_n_families    (FerryPromText       *self);
FerryPromFamily *ferry_prom_text_get_family        (FerryPromText       *self,
                                                    guint                index);
FerryPromFamily *ferry_prom_text_lookup_family     (FerryPromText       *self,
                                                    const gchar         *name);
gboolean         ferry_prom_text_sum               (FerryPromText       *self,
                                                    const gchar         *sample_name,
                                                    const gchar * const *matchers,
                                                    gdouble             *sum);

const gchar     *ferry_prom_family_get_name        (FerryPromFamily     *family);
const gchar     *ferry_prom_family_get_help        (FerryPromFamily     *family);
FerryPromType    ferry_prom_family_get_metric_type (FerryPromFamily     *family);
guint            ferry_prom_family_get_n_samples   (FerryPromFamily     *family);
FerryPromSample *ferry_prom_family_get_sample      (FerryPromFamily     *family,
                                                    guint                index);

const gchar     *ferry_prom_sample_get_name        (FerryPromSample     *sample);
gdouble          ferry_prom_sample_get_value       (FerryPromSample     *sample);
gboolean         ferry_prom_sample_get_timestamp   (FerryPromSample     *sample,
                                                    gint64              *timestamp_ms);
guint            ferry_prom_sample_get_n_labels    (FerryPromSample     *sample);
void             ferry_prom_sample_get_label_at    (FerryPromSample     *sample,
                                                    guint                index,
                                                    const gchar        **name,
                                                    const gchar        **value);
const gchar     *ferry_prom_sample_get_label       (FerryPromSample     *sample,
                                                    const gchar         *name);

const gchar     *ferry_prom_type_to_string         (FerryPromType        type);
gboolean         ferry_prom_parse_value            (const gchar         *text,
                                                    gssize               length,
                                                    gdouble             *value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FerryPromText, ferry_prom_text_unref)

G_END_DECLS
