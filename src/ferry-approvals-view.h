/* ferry-approvals-view.h
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ferry-core.h"

G_BEGIN_DECLS

#define FERRY_TYPE_APPROVALS_VIEW (ferry_approvals_view_get_type())

G_DECLARE_FINAL_TYPE (FerryApprovalsView, ferry_approvals_view, FERRY, APPROVALS_VIEW, GtkWidget)

GtkWidget *ferry_approvals_view_new           (void);
void       ferry_approvals_view_set_context   (FerryApprovalsView *self,
                                               FerryWorkspace     *workspace,
                                               FerryStore         *store,
                                               const gchar        *user);
guint      ferry_approvals_view_get_n_for_you (FerryApprovalsView *self);
guint      ferry_approvals_view_get_n_pending (FerryApprovalsView *self);

G_END_DECLS
