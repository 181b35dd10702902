/* ferry-git.h
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define FERRY_GIT_ERROR (ferry_git_error_quark ())

typedef enum
{
  FERRY_GIT_ERROR_FAILED,
  FERRY_GIT_ERROR_NOT_A_REPOSITORY,
  FERRY_GIT_ERROR_NO_SUCH_REF,
  FERRY_GIT_ERROR_NO_SUCH_FILE,
} FerryGitError;

typedef struct
{
  gchar   *id;          /* full commit id */
  gchar   *subject;     /* first line of the message */
  gchar   *author;      /* name */
  gchar   *email;
  gint64   time;        /* seconds since the epoch */
  gboolean is_merge;
} FerryCommit;

GQuark   ferry_git_error_quark       (void);
void     ferry_commit_free           (FerryCommit   *commit);
gboolean ferry_git_clone_or_fetch    (const gchar   *url,
                                      const gchar   *directory,
                                      GCancellable  *cancellable,
                                      GError       **error);
gboolean ferry_git_read_file_at_ref  (const gchar   *path,
                                      const gchar   *ref,
                                      gchar        **contents,
                                      gsize         *length,
                                      GError       **error);
gboolean ferry_git_inspect           (const gchar   *path,
                                      const gchar   *branch,
                                      gchar        **head,
                                      GHashTable    *tags,
                                      GError       **error);
gchar   *ferry_git_resolve           (const gchar   *path,
                                      const gchar   *revision,
                                      GError       **error);
gboolean ferry_git_count_between     (const gchar   *path,
                                      const gchar   *from,
                                      const gchar   *to,
                                      gsize         *ahead,
                                      gsize         *behind,
                                      GError       **error);
gboolean ferry_git_checkout          (const gchar   *path,
                                      const gchar   *commit,
                                      const gchar   *directory,
                                      GError       **error);
gboolean ferry_git_init              (const gchar   *path,
                                      const gchar   *branch,
                                      GError       **error);
gchar   *ferry_git_commit            (const gchar   *path,
                                      const gchar * const *files,
                                      const gchar   *message,
                                      const gchar   *author,
                                      const gchar   *email,
                                      gint64         time,
                                      GError       **error);
gboolean ferry_git_tag               (const gchar   *path,
                                      const gchar   *commit,
                                      const gchar   *name,
                                      const gchar   *message,
                                      GError       **error);
GPtrArray *ferry_git_log             (const gchar   *path,
                                      const gchar   *from,
                                      const gchar   *to,
                                      guint          max,
                                      GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FerryCommit, ferry_commit_free)

G_END_DECLS
