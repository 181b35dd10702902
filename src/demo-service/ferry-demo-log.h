/* ferry-demo-log.h
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

void      ferry_demo_log_set_service (const gchar *service);
void      ferry_demo_log             (const gchar *format,
                                      ...) G_GNUC_PRINTF (1, 2);
gboolean  ferry_demo_is_secret_name  (const gchar *name);
gchar    *ferry_demo_redact_url      (const gchar *url);

G_END_DECLS
