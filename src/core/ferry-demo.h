/* ferry-demo.h
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

gchar    *ferry_demo_synthetic_manifest (guint         n_services,
                                         guint32       seed);
gboolean  ferry_demo_create             (const gchar  *directory,
                                         const gchar  *service_command,
                                         GError      **error);
void      ferry_demo_create_async       (const gchar          *directory,
                                         const gchar          *service_command,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
gboolean  ferry_demo_create_finish      (GAsyncResult         *result,
                                         GError              **error);
gchar    *ferry_demo_find_service_command (void);
gboolean  ferry_demo_create_synthetic   (const gchar  *directory,
                                         guint         n_services,
                                         GError      **error);

G_END_DECLS
