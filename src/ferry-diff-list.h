/* ferry-diff-list.h
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ferry-core.h"

G_BEGIN_DECLS

#define FERRY_TYPE_DIFF_LIST (ferry_diff_list_get_type())

G_DECLARE_FINAL_TYPE (FerryDiffList, ferry_diff_list, FERRY, DIFF_LIST, GtkWidget)

GtkWidget *ferry_diff_list_new           (void);
void       ferry_diff_list_set_diff      (FerryDiffList *self,
                                          FerryDiff     *diff);
FerryDiff *ferry_diff_list_get_diff      (FerryDiffList *self);
gboolean   ferry_diff_list_expand        (FerryDiffList *self,
                                          const gchar   *service);
gboolean   ferry_diff_list_is_loaded     (FerryDiffList *self,
                                          const gchar   *service);
guint      ferry_diff_list_get_n_commits (FerryDiffList *self,
                                          const gchar   *service);

G_END_DECLS
