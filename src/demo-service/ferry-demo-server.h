/* ferry-demo-server.h
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define FERRY_TYPE_DEMO_SERVER (ferry_demo_server_get_type ())

G_DECLARE_FINAL_TYPE (FerryDemoServer, ferry_demo_server, FERRY, DEMO_SERVER, GObject)

FerryDemoServer *ferry_demo_server_new               (const gchar      *service,
                                                      const gchar      *version,
                                                      const gchar      *environment);
gboolean         ferry_demo_server_add_upstream      (FerryDemoServer  *self,
                                                      const gchar      *endpoint,
                                                      const gchar      *url,
                                                      gboolean          secret,
                                                      GError          **error);
void             ferry_demo_server_set_ping_interval (FerryDemoServer  *self,
                                                      gdouble           seconds);
void             ferry_demo_server_set_forced_failure (FerryDemoServer *self,
                                                       const gchar     *reason);
guint            ferry_demo_server_listen            (FerryDemoServer  *self,
                                                      guint             port,
                                                      GError          **error);
void             ferry_demo_server_stop              (FerryDemoServer  *self);

G_END_DECLS
