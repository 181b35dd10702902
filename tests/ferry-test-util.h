/* ferry-test-util.h
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ferry-core.h"

G_BEGIN_DECLS

/* A running ferry-demo-service, started by a test. */
typedef struct
{
  GSubprocess *process;
  gchar       *stderr_path;
  gchar       *base_url;
  GPid         pid;
  guint        port;
} DemoProcess;

/* A real Prometheus server, started by a test. */
typedef struct
{
  GSubprocess *process;
  gchar       *dir;
  gchar       *url;
} TestPrometheus;

GSubprocessLauncher *test_launcher_new   (GSubprocessFlags     flags);
gchar         *test_make_dir             (const gchar         *name);
void           test_demo_shift_ports     (const gchar         *dir,
                                          guint                base);

DemoProcess   *demo_process_start        (const gchar         *cwd,
                                          const gchar * const *env,
                                          GError             **error);
DemoProcess   *demo_process_start_args   (const gchar         *cwd,
                                          const gchar * const *env,
                                          const gchar * const *args,
                                          GError             **error);
gint           demo_process_wait         (DemoProcess         *demo,
                                          guint                timeout_seconds);
gint           demo_process_terminate    (DemoProcess         *demo);
gchar         *demo_process_read_stderr  (DemoProcess         *demo);
void           demo_process_free         (DemoProcess         *demo);

gchar         *demo_http_get             (const gchar         *url,
                                          const gchar         *method,
                                          guint               *status,
                                          gchar              **content_type);
gchar         *demo_get                  (DemoProcess         *demo,
                                          const gchar         *path,
                                          guint               *status);
FerryPromText *demo_get_metrics          (DemoProcess         *demo);
gdouble        demo_metric               (DemoProcess         *demo,
                                          const gchar         *name,
                                          const gchar * const *matchers);
guint          demo_closed_port          (void);
guint          demo_bind_loopback        (GSocket            **out_socket);
gint           demo_run                  (const gchar * const *env,
                                          const gchar * const *args,
                                          gchar              **err);

gchar         *test_store_path           (const gchar         *name);
FerryStore    *test_store_open           (const gchar         *path);

FerryMetricSample *test_query_latest     (FerryMetricSource   *source,
                                          FerryMetricLocator  *locator,
                                          GCancellable        *cancellable,
                                          GError             **error);
FerrySeries   *test_query_range          (FerryMetricSource   *source,
                                          FerryMetricLocator  *locator,
                                          FerryMetric          metric,
                                          gint64               start,
                                          gint64               end,
                                          gint64               step,
                                          GError             **error);

gchar          *test_prometheus_find     (void);
TestPrometheus *test_prometheus_start    (const gchar         *binary,
                                          const gchar         *job,
                                          guint                target_port);
void            test_prometheus_stop     (TestPrometheus      *prom);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DemoProcess, demo_process_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestPrometheus, test_prometheus_stop)

G_END_DECLS
