/* ferry-core.h
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ferry-version.h"
#include "ferry-identity.h"
#include "ferry-import.h"
#include "ferry-utils.h"
#include "ferry-yaml.h"
