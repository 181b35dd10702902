/* ferry-proc-sampler.h
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ferry-metrics.h"

G_BEGIN_DECLS

#define FERRY_TYPE_PROC_SAMPLER (ferry_proc_sampler_get_type ())

G_DECLARE_FINAL_TYPE (FerryProcSampler, ferry_proc_sampler, FERRY, PROC_SAMPLER, GObject)

FerryProcSampler *ferry_proc_sampler_new          (void);
FerryProcSampler *ferry_proc_sampler_new_for_root (const gchar          *proc_root);
gboolean          ferry_proc_sampler_sample       (FerryProcSampler     *self,
                                                   GPid                  pid,
                                                   FerryMetricSample    *sample,
                                                   GError              **error);
void              ferry_proc_sampler_forget       (FerryProcSampler     *self,
                                                   GPid                  pid);
void              ferry_proc_sampler_sample_async (FerryProcSampler     *self,
                                                   const GPid           *pids,
                                                   guint                 n_pids,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
GArray           *ferry_proc_sampler_sample_finish (FerryProcSampler    *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);

G_END_DECLS
