/* ferry-core.h
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ferry-version.h"
#include "ferry-approval-policy.h"
#include "ferry-backend.h"
#include "ferry-axis.h"
#include "ferry-build.h"
#include "ferry-chart-geometry.h"
#include "ferry-demo.h"
#include "ferry-diagnostic.h"
#include "ferry-diff.h"
#include "ferry-endpoint.h"
#include "ferry-engine.h"
#include "ferry-environment.h"
#include "ferry-freeze-window.h"
#include "ferry-git.h"
#include "ferry-graph.h"
#include "ferry-identity.h"
#include "ferry-import.h"
#include "ferry-json.h"
#include "ferry-local-backend.h"
#include "ferry-layout.h"
#include "ferry-local-metric-source.h"
#include "ferry-metric-source.h"
#include "ferry-metrics.h"
#include "ferry-metrics-sampler.h"
#include "ferry-plan.h"
#include "ferry-proc-sampler.h"
#include "ferry-prom-text.h"
#include "ferry-prometheus.h"
#include "ferry-repo.h"
#include "ferry-series.h"
#include "ferry-service.h"
#include "ferry-state-file.h"
#include "ferry-state.h"
#include "ferry-store.h"
#include "ferry-store-metrics.h"
#include "ferry-target.h"
#include "ferry-team.h"
#include "ferry-types.h"
#include "ferry-utils.h"
#include "ferry-viewport.h"
#include "ferry-workspace.h"
#include "ferry-yaml.h"
