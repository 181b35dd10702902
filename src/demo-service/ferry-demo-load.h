/* ferry-demo-load.h
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _FerryDemoLoad FerryDemoLoad;

FerryDemoLoad *ferry_demo_load_start (gdouble         cores,
                                      guint           memory_mib,
                                      GError        **error);
void           ferry_demo_load_stop  (FerryDemoLoad  *load);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FerryDemoLoad, ferry_demo_load_stop)

G_END_DECLS
