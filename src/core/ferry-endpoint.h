/* ferry-endpoint.h
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ferry-types.h"

G_BEGIN_DECLS

#define FERRY_TYPE_ENDPOINT (ferry_endpoint_get_type())

G_DECLARE_FINAL_TYPE (FerryEndpoint, ferry_endpoint, FERRY, ENDPOINT, GObject)

const gchar  *ferry_endpoint_get_id          (FerryEndpoint *self);
const gchar  *ferry_endpoint_get_kind        (FerryEndpoint *self);
const gchar  *ferry_endpoint_get_name        (FerryEndpoint *self);
FerryService *ferry_endpoint_get_producer    (FerryEndpoint *self);
gboolean      ferry_endpoint_is_external     (FerryEndpoint *self);
guint         ferry_endpoint_get_n_consumers (FerryEndpoint *self);
FerryService *ferry_endpoint_get_consumer    (FerryEndpoint *self,
                                              guint          index);
gboolean      ferry_endpoint_parse           (const gchar   *text,
                                              gchar        **kind,
                                              gchar        **name);

G_END_DECLS
