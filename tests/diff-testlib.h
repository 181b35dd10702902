/* diff-testlib.h
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ferry-core.h"

G_BEGIN_DECLS

/* Helpers for the tests and benchmarks that compare environments: real
 * history made with libgit2, and deployments recorded in the real state
 * store, as the deployment engine records them. */

gchar              *diff_testlib_commit     (const gchar         *repo_path,
                                             const gchar * const *parents,
                                             const gchar         *update_ref,
                                             const gchar         *file,
                                             const gchar         *content,
                                             const gchar         *message,
                                             const gchar         *author,
                                             gint64               time);
FerryStore         *diff_testlib_open_store (const gchar         *workspace);
void                diff_testlib_deploy     (FerryStore          *store,
                                             const gchar         *service,
                                             const gchar         *environment,
                                             const gchar         *version,
                                             const gchar         *tag,
                                             FerryDeploymentStatus status);
FerryStateSnapshot *diff_testlib_load_state (FerryStore          *store);

G_END_DECLS
