/* ferry-identity.h
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

gchar *ferry_identity_get_user        (const gchar          *repo_path,
                                       GError              **error);
void   ferry_identity_get_user_async  (const gchar          *repo_path,
                                       GCancellable         *cancellable,
                                       GAsyncReadyCallback   callback,
                                       gpointer              user_data);
gchar *ferry_identity_get_user_finish (GAsyncResult         *result,
                                       GError              **error);

G_END_DECLS
