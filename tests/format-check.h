/* format-check.h
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

GPtrArray *format_check             (JsonNode    *root);
void       format_assert_valid      (JsonNode    *root);
JsonObject *format_find_service     (JsonNode    *root,
                                     const gchar *name);
gboolean   format_array_has         (JsonObject  *object,
                                     const gchar *member,
                                     const gchar *value);
guint      format_count_services    (JsonNode    *root);

G_END_DECLS
