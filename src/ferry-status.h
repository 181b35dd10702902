/* ferry-status.h
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "ferry-core.h"

G_BEGIN_DECLS

/* How the environment views show a deployment's status: words, a
 * symbolic icon and a style class, so that colour is never the only cue. */

const gchar *ferry_status_get_label      (const gchar         *status);
const gchar *ferry_status_get_icon_name  (const gchar         *status);
const gchar *ferry_status_get_css_class  (const gchar         *status);
void         ferry_status_apply          (GtkImage            *icon,
                                          const gchar         *status);
gboolean     ferry_status_is_deployed    (const FerryDeployed *deployed);
gchar       *ferry_status_format_version (const gchar         *version,
                                          const gchar         *tag);
gchar       *ferry_status_format_age     (GDateTime           *since,
                                          GDateTime           *now);

G_END_DECLS
