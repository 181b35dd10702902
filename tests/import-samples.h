/* import-samples.h
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

guint  import_sample_pick        (guint i,
                                  guint k);
guint  import_sample_n_picks     (guint i);
gchar *import_sample_compose     (guint n);
gchar *import_sample_kubernetes  (guint n);

G_END_DECLS
