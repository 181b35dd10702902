/* ferry-diff.h
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "ferry-state.h"
#include "ferry-types.h"

G_BEGIN_DECLS

#define FERRY_DIFF_ERROR (ferry_diff_error_quark ())

/**
 * FerryDiffError:
 * @FERRY_DIFF_ERROR_NO_SUCH_ENVIRONMENT: an environment the workspace does not have
 * @FERRY_DIFF_ERROR_NO_SUCH_SERVICE: a service the workspace does not have
 *
 * Errors of ferry_diff_compute().
 */
typedef enum
{
  FERRY_DIFF_ERROR_NO_SUCH_ENVIRONMENT,
  FERRY_DIFF_ERROR_NO_SUCH_SERVICE,
} FerryDiffError;

/**
 * FERRY_DIFF_ALL_COMMITS:
 *
 * For the @max_commits of ferry_diff_compute(): list every commit.
 */
#define FERRY_DIFF_ALL_COMMITS G_MAXUINT

/**
 * FerryDiffDirection:
 * @FERRY_DIFF_SAME: the same version on both sides; the configuration differs
 * @FERRY_DIFF_AHEAD: the source has commits the target lacks: promoting ships them
 * @FERRY_DIFF_TARGET_AHEAD: the target has commits the source lacks: promoting
 *   would take them out
 * @FERRY_DIFF_DIVERGED: each side has commits the other lacks
 * @FERRY_DIFF_ONE_SIDED: deployed on one side only
 * @FERRY_DIFF_UNKNOWN: the versions differ, and the history that would say
 *   how cannot be read (see the entry's problem)
 *
 * How the versions of a service on the two sides are related.
 */
typedef enum
{
  FERRY_DIFF_SAME,
  FERRY_DIFF_AHEAD,
  FERRY_DIFF_TARGET_AHEAD,
  FERRY_DIFF_DIVERGED,
  FERRY_DIFF_ONE_SIDED,
  FERRY_DIFF_UNKNOWN,
} FerryDiffDirection;

/**
 * FerryConfigChange:
 * @key: `replicas`, or `env.NAME` for an environment variable
 * @from: (nullable): the value on the source side, %NULL when unset
 * @to: (nullable): the value on the target side, %NULL when unset
 *
 * A configuration value that differs between the two environments, as
 * ferry.json sets it (the service's `run` with the environment's
 * override on top). Values of variables whose names suggest a secret
 * (TOKEN, SECRET, PASSWORD, PASSWD, KEY, CREDENTIAL) read `***`.
 */
typedef struct
{
  gchar *key;
  gchar *from;
  gchar *to;
} FerryConfigChange;

/**
 * FerryDiffEntry:
 * @service: the service's name
 * @model: (nullable): the service, borrowed from the workspace; %NULL for a
 *   service the state still records but the workspace no longer has
 * @repo: (nullable): its repository's name
 * @repo_path: (nullable): where its history can be read
 * @from_version: (nullable): the full commit id on the source side, %NULL
 *   when not deployed there
 * @from_tag: (nullable): its tag
 * @from_status: (nullable): its status, as in the ferryctl contract
 * @from_since: (nullable): since when
 * @to_version: (nullable): the same on the target side
 * @to_tag: (nullable): its tag
 * @to_status: (nullable): its status
 * @to_since: (nullable): since when
 * @only_in: (nullable): the environment it is deployed in when the other
 *   side has nothing
 * @direction: how the two versions are related
 * @n_ahead: how many commits the source version has that the target's lacks
 * @n_behind: how many commits the target version has that the source's lacks
 * @commits: (element-type FerryCommit): the first of the @n_ahead commits,
 *   newest first: what a promotion ships
 * @target_commits: (element-type FerryCommit): the first of the @n_behind
 *   commits, newest first
 * @config: (element-type FerryConfigChange): configuration differences
 * @problem: (nullable): why the history could not be read
 *
 * What differs for one service. Read only.
 */
typedef struct
{
  gchar              *service;
  FerryService       *model;
  gchar              *repo;
  gchar              *repo_path;
  gchar              *from_version;
  gchar              *from_tag;
  gchar              *from_status;
  GDateTime          *from_since;
  gchar              *to_version;
  gchar              *to_tag;
  gchar              *to_status;
  GDateTime          *to_since;
  const gchar        *only_in;
  FerryDiffDirection  direction;
  guint               n_ahead;
  guint               n_behind;
  GPtrArray          *commits;
  GPtrArray          *target_commits;
  GPtrArray          *config;
  gchar              *problem;
} FerryDiffEntry;

typedef struct _FerryDiff FerryDiff;

#define FERRY_TYPE_DIFF (ferry_diff_get_type ())

GType           ferry_diff_get_type           (void) G_GNUC_CONST;
GQuark          ferry_diff_error_quark        (void);
FerryDiff      *ferry_diff_compute            (FerryWorkspace       *workspace,
                                               FerryStateSnapshot   *state,
                                               const gchar          *from,
                                               const gchar          *to,
                                               const gchar * const  *services,
                                               guint                 max_commits,
                                               GCancellable         *cancellable,
                                               GError              **error);
void            ferry_diff_compute_async      (FerryWorkspace       *workspace,
                                               FerryStateSnapshot   *state,
                                               const gchar          *from,
                                               const gchar          *to,
                                               const gchar * const  *services,
                                               guint                 max_commits,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
FerryDiff      *ferry_diff_compute_finish     (GAsyncResult         *result,
                                               GError              **error);
FerryDiff      *ferry_diff_ref                (FerryDiff            *self);
void            ferry_diff_unref              (FerryDiff            *self);
const gchar    *ferry_diff_get_from           (FerryDiff            *self);
const gchar    *ferry_diff_get_to             (FerryDiff            *self);
guint           ferry_diff_get_n_entries      (FerryDiff            *self);
FerryDiffEntry *ferry_diff_get_entry          (FerryDiff            *self,
                                               guint                 index);
FerryDiffEntry *ferry_diff_lookup             (FerryDiff            *self,
                                               const gchar          *service);
guint           ferry_diff_get_n_unchanged    (FerryDiff            *self);
GStrv           ferry_diff_dup_promotable     (FerryDiff            *self);
JsonNode       *ferry_diff_to_json            (FerryDiff            *self);
gchar          *ferry_diff_to_text            (FerryDiff            *self);
gchar          *ferry_diff_to_markdown        (FerryDiff            *self);
const gchar    *ferry_diff_direction_to_string (FerryDiffDirection  direction);
GPtrArray      *ferry_diff_entry_read_commits (const FerryDiffEntry *entry,
                                               gboolean              target_side,
                                               guint                 max,
                                               GError              **error);
gchar          *ferry_diff_describe_version   (const gchar          *version,
                                               const gchar          *tag);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FerryDiff, ferry_diff_unref)

G_END_DECLS
