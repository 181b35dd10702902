/* ferry-environments-view.h
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ferry-core.h"
#include "ferry-diff-view.h"

G_BEGIN_DECLS

#define FERRY_TYPE_ENVIRONMENTS_VIEW (ferry_environments_view_get_type())

G_DECLARE_FINAL_TYPE (FerryEnvironmentsView, ferry_environments_view, FERRY, ENVIRONMENTS_VIEW, GtkWidget)

GtkWidget     *ferry_environments_view_new           (void);
void           ferry_environments_view_set_workspace (FerryEnvironmentsView *self,
                                                      FerryWorkspace        *workspace);
void           ferry_environments_view_set_state     (FerryEnvironmentsView *self,
                                                      FerryStateSnapshot    *state);
void           ferry_environments_view_set_read_only (FerryEnvironmentsView *self,
                                                      gboolean               read_only);
void           ferry_environments_view_show_diff     (FerryEnvironmentsView *self,
                                                      const gchar           *from,
                                                      const gchar           *to);
void           ferry_environments_view_show_details  (FerryEnvironmentsView *self,
                                                      FerryService          *service);
void           ferry_environments_view_focus_search  (FerryEnvironmentsView *self);
guint          ferry_environments_view_get_n_shown   (FerryEnvironmentsView *self);
FerryDiffView *ferry_environments_view_get_diff_view (FerryEnvironmentsView *self);

G_END_DECLS
