/* ferry-diff-view.h
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ferry-core.h"

G_BEGIN_DECLS

#define FERRY_TYPE_DIFF_VIEW (ferry_diff_view_get_type())

G_DECLARE_FINAL_TYPE (FerryDiffView, ferry_diff_view, FERRY, DIFF_VIEW, GtkWidget)

GtkWidget   *ferry_diff_view_new              (void);
void         ferry_diff_view_set_workspace    (FerryDiffView      *self,
                                               FerryWorkspace     *workspace);
void         ferry_diff_view_set_state        (FerryDiffView      *self,
                                               FerryStateSnapshot *state);
void         ferry_diff_view_set_environments (FerryDiffView      *self,
                                               const gchar        *from,
                                               const gchar        *to);
const gchar *ferry_diff_view_get_from         (FerryDiffView      *self);
const gchar *ferry_diff_view_get_to           (FerryDiffView      *self);
void         ferry_diff_view_set_read_only    (FerryDiffView      *self,
                                               gboolean            read_only);
FerryDiff   *ferry_diff_view_get_diff         (FerryDiffView      *self);
gboolean     ferry_diff_view_is_busy          (FerryDiffView      *self);

G_END_DECLS
