/* ferry-utils.h
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

void   ferry_core_init     (void);
gchar *ferry_short_id      (const gchar *commit_id);

G_END_DECLS
