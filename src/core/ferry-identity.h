/* ferry-identity.h
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gchar *ferry_identity_get_user (const gchar  *repo_path,
                                GError      **error);

G_END_DECLS
