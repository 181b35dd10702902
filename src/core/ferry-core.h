/* ferry-core.h
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ferry-version.h"
#include "ferry-axis.h"
#include "ferry-identity.h"
#include "ferry-local-metric-source.h"
#include "ferry-metric-source.h"
#include "ferry-metrics.h"
#include "ferry-proc-sampler.h"
#include "ferry-prom-text.h"
#include "ferry-prometheus.h"
#include "ferry-series.h"
#include "ferry-utils.h"
