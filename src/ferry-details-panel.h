/* ferry-details-panel.h
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ferry-core.h"
#include "ferry-metrics-view.h"

G_BEGIN_DECLS

#define FERRY_TYPE_DETAILS_PANEL (ferry_details_panel_get_type())

G_DECLARE_FINAL_TYPE (FerryDetailsPanel, ferry_details_panel, FERRY, DETAILS_PANEL, GtkWidget)

GtkWidget    *ferry_details_panel_new         (void);
void          ferry_details_panel_set_service (FerryDetailsPanel  *self,
                                               FerryWorkspace     *workspace,
                                               FerryService       *service,
                                               FerryStateSnapshot *state);
FerryService *ferry_details_panel_get_service (FerryDetailsPanel  *self);
guint         ferry_details_panel_get_n_commits (FerryDetailsPanel *self);
FerryMetricsView *ferry_details_panel_get_metrics_view (FerryDetailsPanel *self);

G_END_DECLS
