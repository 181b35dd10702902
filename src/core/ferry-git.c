/* ferry-git.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-git"

#include "config.h"

#include <git2.h>
#include <stdlib.h>
#include <string.h>

#include "ferry-git.h"
#include "ferry-utils.h"

G_DEFINE_QUARK (ferry-git-error-quark, ferry_git_error)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (git_repository, git_repository_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (git_object, git_object_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (git_reference, git_reference_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (git_revwalk, git_revwalk_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (git_commit, git_commit_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (git_tree_entry, git_tree_entry_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (git_remote, git_remote_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (git_index, git_index_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (git_tree, git_tree_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (git_signature, git_signature_free)

static gboolean
set_git_error (GError      **error,
               gint          code,
               const gchar  *what)
{
  const git_error *last = git_error_last ();

  g_set_error (error, FERRY_GIT_ERROR, code, "%s: %s", what,
               last && last->message ? last->message : "unknown git error");

  return FALSE;
}

void
ferry_commit_free (FerryCommit *commit)
{
  if (commit == NULL)
    return;

  g_free (commit->id);
  g_free (commit->subject);
  g_free (commit->author);
  g_free (commit->email);
  g_free (commit);
}

static git_repository *
open_repository (const gchar  *path,
                 gboolean      search,
                 GError      **error)
{
  git_repository *repo = NULL;
  gint ret;

  ferry_core_init ();

  ret = git_repository_open_ext (&repo, path, search ? 0 : GIT_REPOSITORY_OPEN_NO_SEARCH, NULL);
  if (ret == GIT_ENOTFOUND)
    {
      g_set_error (error, FERRY_GIT_ERROR, FERRY_GIT_ERROR_NOT_A_REPOSITORY,
                   "%s is not a git repository", path);
      return NULL;
    }
  if (ret != 0)
    {
      g_autofree gchar *what = g_strdup_printf ("cannot open %s", path);
      set_git_error (error, FERRY_GIT_ERROR_FAILED, what);
      return NULL;
    }

  return repo;
}

static gint
transfer_progress (const git_indexer_progress *stats,
                   void                       *payload)
{
  GCancellable *cancellable = payload;

  /* A non-zero return stops the transfer. */
  return g_cancellable_is_cancelled (cancellable) ? -1 : 0;
}

/**
 * ferry_git_clone_or_fetch:
 * @url: a git URL
 * @directory: where the clone lives
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Clones @url into @directory, or, when it is already there, fetches and
 * moves the checkout to the remote's default branch.
 *
 * Returns: %TRUE on success
 */
gboolean
ferry_git_clone_or_fetch (const gchar   *url,
                          const gchar   *directory,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_autoptr(git_repository) repo = NULL;
  g_autofree gchar *what = NULL;

  g_return_val_if_fail (url != NULL, FALSE);
  g_return_val_if_fail (directory != NULL, FALSE);

  ferry_core_init ();

  if (g_file_test (directory, G_FILE_TEST_IS_DIR) &&
      git_repository_open_ext (&repo, directory, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) == 0)
    {
      g_autoptr(git_remote) remote = NULL;
      g_autoptr(git_reference) remote_head = NULL;
      g_autoptr(git_object) target = NULL;
      git_fetch_options fetch_opts = GIT_FETCH_OPTIONS_INIT;
      git_checkout_options checkout_opts = GIT_CHECKOUT_OPTIONS_INIT;

      fetch_opts.callbacks.transfer_progress = transfer_progress;
      fetch_opts.callbacks.payload = cancellable;

      if (git_remote_lookup (&remote, repo, "origin") != 0 ||
          git_remote_fetch (remote, NULL, &fetch_opts, NULL) != 0)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return FALSE;
          what = g_strdup_printf ("cannot fetch %s", url);
          return set_git_error (error, FERRY_GIT_ERROR_FAILED, what);
        }

      /* Follow origin/HEAD (or the current branch's upstream). */
      if (git_reference_lookup (&remote_head, repo, "refs/remotes/origin/HEAD") == 0 ||
          git_revparse_single (&target, repo, "@{upstream}") == 0)
        {
          if (target == NULL && git_reference_peel (&target, remote_head, GIT_OBJECT_COMMIT) != 0)
            return set_git_error (error, FERRY_GIT_ERROR_FAILED, "cannot read origin/HEAD");

          checkout_opts.checkout_strategy = GIT_CHECKOUT_FORCE;
          if (git_reset (repo, target, GIT_RESET_HARD, &checkout_opts) != 0)
            return set_git_error (error, FERRY_GIT_ERROR_FAILED, "cannot update the checkout");
        }

      return TRUE;
    }
  else
    {
      git_clone_options clone_opts = GIT_CLONE_OPTIONS_INIT;
      g_autofree gchar *parent = g_path_get_dirname (directory);

      g_clear_pointer (&repo, git_repository_free);

      if (g_mkdir_with_parents (parent, 0700) != 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot create %s", parent);
          return FALSE;
        }

      clone_opts.fetch_opts.callbacks.transfer_progress = transfer_progress;
      clone_opts.fetch_opts.callbacks.payload = cancellable;

      if (git_clone (&repo, url, directory, &clone_opts) != 0)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return FALSE;
          what = g_strdup_printf ("cannot clone %s", url);
          return set_git_error (error, FERRY_GIT_ERROR_FAILED, what);
        }

      return TRUE;
    }
}

/**
 * ferry_git_read_file_at_ref:
 * @path: a file inside a git working tree
 * @ref: a revision: a branch, tag or commit id
 * @contents: (out) (transfer full): the file's content at @ref
 * @length: (out): its length
 * @error: return location for a #GError
 *
 * Reads @path as it is at @ref from the object database, without touching
 * the working tree.
 *
 * Returns: %TRUE on success
 */
gboolean
ferry_git_read_file_at_ref (const gchar  *path,
                            const gchar  *ref,
                            gchar       **contents,
                            gsize        *length,
                            GError      **error)
{
  g_autoptr(git_repository) repo = NULL;
  g_autoptr(git_object) commit = NULL;
  g_autoptr(git_object) tree = NULL;
  g_autoptr(git_tree_entry) entry = NULL;
  g_autoptr(git_object) blob = NULL;
  g_autofree gchar *dir = NULL;
  g_autofree gchar *absolute = NULL;
  const gchar *workdir;
  const gchar *relative;
  git_off_t size;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (ref != NULL, FALSE);

  dir = g_path_get_dirname (path);
  if (!(repo = open_repository (dir, TRUE, error)))
    return FALSE;

  if (!(workdir = git_repository_workdir (repo)))
    {
      g_set_error (error, FERRY_GIT_ERROR, FERRY_GIT_ERROR_FAILED,
                   "%s is a bare repository", dir);
      return FALSE;
    }

  /* libgit2 hands back the working tree with symbolic links resolved. */
  {
    g_autofree gchar *real_dir = g_canonicalize_filename (dir, NULL);
    g_autofree gchar *resolved = realpath (real_dir, NULL);
    g_autofree gchar *base = g_path_get_basename (path);

    absolute = g_build_filename (resolved ? resolved : real_dir, base, NULL);
  }

  if (!g_str_has_prefix (absolute, workdir))
    {
      g_set_error (error, FERRY_GIT_ERROR, FERRY_GIT_ERROR_NO_SUCH_FILE,
                   "%s is outside the repository at %s", path, workdir);
      return FALSE;
    }
  relative = absolute + strlen (workdir);

  if (git_revparse_single (&commit, repo, ref) != 0 ||
      git_object_peel (&tree, commit, GIT_OBJECT_TREE) != 0)
    {
      g_set_error (error, FERRY_GIT_ERROR, FERRY_GIT_ERROR_NO_SUCH_REF,
                   "%s: no revision “%s” in this repository", dir, ref);
      return FALSE;
    }

  if (git_tree_entry_bypath (&entry, (git_tree *)tree, relative) != 0 ||
      git_tree_entry_type (entry) != GIT_OBJECT_BLOB)
    {
      g_set_error (error, FERRY_GIT_ERROR, FERRY_GIT_ERROR_NO_SUCH_FILE,
                   "%s does not exist at %s", relative, ref);
      return FALSE;
    }

  if (git_tree_entry_to_object (&blob, repo, entry) != 0)
    return set_git_error (error, FERRY_GIT_ERROR_FAILED, "cannot read the file");

  size = git_blob_rawsize ((git_blob *)blob);
  if (size > 64 * 1024 * 1024)
    {
      g_set_error (error, FERRY_GIT_ERROR, FERRY_GIT_ERROR_FAILED,
                   "%s at %s is larger than 64 MiB", relative, ref);
      return FALSE;
    }

  *length = (gsize)size;
  *contents = g_malloc (*length + 1);
  memcpy (*contents, git_blob_rawcontent ((git_blob *)blob), *length);
  (*contents)[*length] = '\0';

  return TRUE;
}

typedef struct
{
  git_repository *repo;
  GHashTable     *tags;
} TagData;

/* Orders version-like tags so that v1.10 comes after v1.9. */
static gint
compare_versions (const gchar *a,
                  const gchar *b)
{
  while (*a && *b)
    {
      if (g_ascii_isdigit (*a) && g_ascii_isdigit (*b))
        {
          guint64 na = g_ascii_strtoull (a, (gchar **)&a, 10);
          guint64 nb = g_ascii_strtoull (b, (gchar **)&b, 10);

          if (na != nb)
            return na < nb ? -1 : 1;
        }
      else
        {
          if (*a != *b)
            return (guchar)*a < (guchar)*b ? -1 : 1;
          a++;
          b++;
        }
    }

  return (*a != '\0') - (*b != '\0');
}

static gint
tag_cb (const char *name,
        git_oid    *oid,
        void       *payload)
{
  TagData *data = payload;
  g_autoptr(git_object) object = NULL;
  g_autoptr(git_object) commit = NULL;
  gchar id[GIT_OID_HEXSZ + 1];
  const gchar *short_name;
  const gchar *existing;

  if (git_object_lookup (&object, data->repo, oid, GIT_OBJECT_ANY) != 0 ||
      git_object_peel (&commit, object, GIT_OBJECT_COMMIT) != 0)
    return 0;

  git_oid_tostr (id, sizeof id, git_object_id (commit));
  short_name = g_str_has_prefix (name, "refs/tags/") ? name + strlen ("refs/tags/") : name;

  existing = g_hash_table_lookup (data->tags, id);
  if (existing == NULL || compare_versions (short_name, existing) > 0)
    g_hash_table_insert (data->tags, g_strdup (id), g_strdup (short_name));

  return 0;
}

/**
 * ferry_git_inspect:
 * @path: a repository's folder
 * @branch: the branch whose head is the latest version
 * @head: (out) (transfer full): the branch head's commit id
 * @tags: a table filled with commit id → tag name
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success
 */
gboolean
ferry_git_inspect (const gchar  *path,
                   const gchar  *branch,
                   gchar       **head,
                   GHashTable   *tags,
                   GError      **error)
{
  g_autoptr(git_repository) repo = NULL;
  g_autoptr(git_object) commit = NULL;
  g_autofree gchar *local = NULL;
  g_autofree gchar *remote = NULL;
  gchar id[GIT_OID_HEXSZ + 1];
  TagData data;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (branch != NULL, FALSE);

  if (!(repo = open_repository (path, FALSE, error)))
    return FALSE;

  local = g_strdup_printf ("refs/heads/%s", branch);
  remote = g_strdup_printf ("refs/remotes/origin/%s", branch);

  if (git_revparse_single (&commit, repo, local) != 0 &&
      git_revparse_single (&commit, repo, remote) != 0)
    {
      g_set_error (error, FERRY_GIT_ERROR, FERRY_GIT_ERROR_NO_SUCH_REF,
                   "%s has no branch “%s”", path, branch);
      return FALSE;
    }

  {
    g_autoptr(git_object) peeled = NULL;

    if (git_object_peel (&peeled, commit, GIT_OBJECT_COMMIT) != 0)
      return set_git_error (error, FERRY_GIT_ERROR_FAILED, "cannot read the branch head");
    git_oid_tostr (id, sizeof id, git_object_id (peeled));
  }

  data.repo = repo;
  data.tags = tags;
  git_tag_foreach (repo, tag_cb, &data);

  *head = g_strdup (id);

  return TRUE;
}

/**
 * ferry_git_resolve:
 * @path: a repository's folder
 * @revision: a branch, tag, or (abbreviated) commit id
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the full commit id
 */
gchar *
ferry_git_resolve (const gchar  *path,
                   const gchar  *revision,
                   GError      **error)
{
  g_autoptr(git_repository) repo = NULL;
  g_autoptr(git_object) object = NULL;
  g_autoptr(git_object) commit = NULL;
  gchar id[GIT_OID_HEXSZ + 1];

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (revision != NULL, NULL);

  if (!(repo = open_repository (path, FALSE, error)))
    return NULL;

  if (git_revparse_single (&object, repo, revision) != 0 ||
      git_object_peel (&commit, object, GIT_OBJECT_COMMIT) != 0)
    {
      g_set_error (error, FERRY_GIT_ERROR, FERRY_GIT_ERROR_NO_SUCH_REF,
                   "no commit “%s” in %s", revision, path);
      return NULL;
    }

  git_oid_tostr (id, sizeof id, git_object_id (commit));

  return g_strdup (id);
}

/**
 * ferry_git_count_between:
 * @path: a repository's folder
 * @from: a full commit id
 * @to: a full commit id
 * @ahead: (out): commits in @to that @from lacks
 * @behind: (out): commits in @from that @to lacks
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success
 */
gboolean
ferry_git_count_between (const gchar  *path,
                         const gchar  *from,
                         const gchar  *to,
                         gsize        *ahead,
                         gsize        *behind,
                         GError      **error)
{
  g_autoptr(git_repository) repo = NULL;
  git_oid from_oid, to_oid;

  if (!(repo = open_repository (path, FALSE, error)))
    return FALSE;

  if (git_oid_fromstr (&from_oid, from) != 0 || git_oid_fromstr (&to_oid, to) != 0)
    {
      g_set_error (error, FERRY_GIT_ERROR, FERRY_GIT_ERROR_NO_SUCH_REF,
                   "not a commit id: %s", git_oid_fromstr (&from_oid, from) ? from : to);
      return FALSE;
    }

  if (git_graph_ahead_behind (ahead, behind, repo, &to_oid, &from_oid) != 0)
    return set_git_error (error, FERRY_GIT_ERROR_NO_SUCH_REF, "cannot compare the commits");

  return TRUE;
}

/**
 * ferry_git_log:
 * @path: a repository's folder
 * @from: (nullable): a commit id whose history is left out
 * @to: a commit id
 * @max: at most this many commits (0: no limit)
 * @error: return location for a #GError
 *
 * Lists the commits reachable from @to and not from @from, newest first.
 *
 * Returns: (transfer container) (element-type FerryCommit): the commits
 */
GPtrArray *
ferry_git_log (const gchar  *path,
               const gchar  *from,
               const gchar  *to,
               guint         max,
               GError      **error)
{
  g_autoptr(git_repository) repo = NULL;
  g_autoptr(git_revwalk) walk = NULL;
  g_autoptr(GPtrArray) ret = NULL;
  git_oid oid;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (to != NULL, NULL);

  if (!(repo = open_repository (path, FALSE, error)))
    return NULL;

  if (git_revwalk_new (&walk, repo) != 0)
    {
      set_git_error (error, FERRY_GIT_ERROR_FAILED, "cannot walk the history");
      return NULL;
    }
  git_revwalk_sorting (walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME);

  if (git_oid_fromstr (&oid, to) != 0 || git_revwalk_push (walk, &oid) != 0)
    {
      g_set_error (error, FERRY_GIT_ERROR, FERRY_GIT_ERROR_NO_SUCH_REF, "no commit %s", to);
      return NULL;
    }

  if (from != NULL && (git_oid_fromstr (&oid, from) != 0 || git_revwalk_hide (walk, &oid) != 0))
    {
      g_set_error (error, FERRY_GIT_ERROR, FERRY_GIT_ERROR_NO_SUCH_REF, "no commit %s", from);
      return NULL;
    }

  ret = g_ptr_array_new_with_free_func ((GDestroyNotify)ferry_commit_free);

  while ((max == 0 || ret->len < max) && git_revwalk_next (&oid, walk) == 0)
    {
      g_autoptr(git_commit) commit = NULL;
      const git_signature *author;
      FerryCommit *item;
      gchar id[GIT_OID_HEXSZ + 1];

      if (git_commit_lookup (&commit, repo, &oid) != 0)
        continue;

      git_oid_tostr (id, sizeof id, &oid);
      author = git_commit_author (commit);

      item = g_new0 (FerryCommit, 1);
      item->id = g_strdup (id);
      item->subject = g_strdup (git_commit_summary (commit));
      item->author = g_strdup (author && author->name ? author->name : "");
      item->email = g_strdup (author && author->email ? author->email : "");
      item->time = git_commit_time (commit);
      item->is_merge = git_commit_parentcount (commit) > 1;
      g_ptr_array_add (ret, item);
    }

  return g_steal_pointer (&ret);
}

/**
 * ferry_git_init:
 * @path: a folder, created when missing
 * @branch: the name of the initial branch
 * @error: return location for a #GError
 *
 * Creates a git repository with a working tree.
 *
 * Returns: %TRUE on success
 */
gboolean
ferry_git_init (const gchar  *path,
                const gchar  *branch,
                GError      **error)
{
  g_autoptr(git_repository) repo = NULL;
  git_repository_init_options opts = GIT_REPOSITORY_INIT_OPTIONS_INIT;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (branch != NULL, FALSE);

  ferry_core_init ();

  opts.flags = GIT_REPOSITORY_INIT_MKPATH;
  opts.initial_head = branch;

  if (git_repository_init_ext (&repo, path, &opts) != 0)
    return set_git_error (error, FERRY_GIT_ERROR_FAILED, "cannot create the repository");

  return TRUE;
}

/**
 * ferry_git_commit:
 * @path: a repository with a working tree
 * @files: (array zero-terminated=1): pairs of relative file name and
 *   content to write (give "" for an empty file)
 * @message: the commit message
 * @author: the author's name
 * @email: the author's address
 * @time: the commit time, seconds since the epoch
 * @error: return location for a #GError
 *
 * Writes @files into the working tree, stages every change (files
 * removed from the working tree included) and commits on the current
 * branch.
 *
 * Returns: (transfer full) (nullable): the new commit's id
 */
gchar *
ferry_git_commit (const gchar         *path,
                  const gchar * const *files,
                  const gchar         *message,
                  const gchar         *author,
                  const gchar         *email,
                  gint64               time,
                  GError             **error)
{
  g_autoptr(git_repository) repo = NULL;
  g_autoptr(git_index) index = NULL;
  g_autoptr(git_tree) tree = NULL;
  g_autoptr(git_signature) signature = NULL;
  g_autoptr(git_object) parent = NULL;
  git_oid tree_id, commit_id;
  gchar id[GIT_OID_HEXSZ + 1];
  const git_commit *parents[1];

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (files != NULL, NULL);

  if (!(repo = open_repository (path, FALSE, error)))
    return NULL;

  for (guint i = 0; files[i] && files[i + 1]; i += 2)
    {
      g_autofree gchar *file = g_build_filename (path, files[i], NULL);
      g_autofree gchar *dir = g_path_get_dirname (file);

      if (g_mkdir_with_parents (dir, 0755) != 0 ||
          !g_file_set_contents (file, files[i + 1], -1, error))
        {
          if (error != NULL && *error == NULL)
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot create %s", dir);
          return NULL;
        }
    }

  if (git_repository_index (&index, repo) != 0 ||
      git_index_add_all (index, NULL, GIT_INDEX_ADD_DEFAULT, NULL, NULL) != 0 ||
      git_index_update_all (index, NULL, NULL, NULL) != 0 ||
      git_index_write (index) != 0 ||
      git_index_write_tree (&tree_id, index) != 0 ||
      git_tree_lookup (&tree, repo, &tree_id) != 0)
    {
      set_git_error (error, FERRY_GIT_ERROR_FAILED, "cannot stage the files");
      return NULL;
    }

  if (git_signature_new (&signature, author, email, time, 0) != 0)
    {
      set_git_error (error, FERRY_GIT_ERROR_FAILED, "invalid author");
      return NULL;
    }

  /* The first commit has no parent. */
  git_revparse_single (&parent, repo, "HEAD^{commit}");
  parents[0] = (const git_commit *)parent;

  if (git_commit_create (&commit_id, repo, "HEAD", signature, signature, NULL, message,
                         tree, parent ? 1 : 0, parents) != 0)
    {
      set_git_error (error, FERRY_GIT_ERROR_FAILED, "cannot commit");
      return NULL;
    }

  git_oid_tostr (id, sizeof id, &commit_id);

  return g_strdup (id);
}

/**
 * ferry_git_tag:
 * @path: a repository
 * @commit: the commit id to tag
 * @name: the tag's name
 * @message: (nullable): a message for an annotated tag, %NULL for a
 *   lightweight one
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success
 */
gboolean
ferry_git_tag (const gchar  *path,
               const gchar  *commit,
               const gchar  *name,
               const gchar  *message,
               GError      **error)
{
  g_autoptr(git_repository) repo = NULL;
  g_autoptr(git_object) target = NULL;
  git_oid oid, tag_id;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (commit != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (!(repo = open_repository (path, FALSE, error)))
    return FALSE;

  if (git_oid_fromstr (&oid, commit) != 0 ||
      git_object_lookup (&target, repo, &oid, GIT_OBJECT_COMMIT) != 0)
    {
      g_set_error (error, FERRY_GIT_ERROR, FERRY_GIT_ERROR_NO_SUCH_REF, "no commit %s", commit);
      return FALSE;
    }

  if (message != NULL)
    {
      g_autoptr(git_signature) tagger = NULL;

      if (git_signature_default (&tagger, repo) != 0 &&
          git_signature_now (&tagger, "Ferry", "ferry@localhost") != 0)
        return set_git_error (error, FERRY_GIT_ERROR_FAILED, "cannot sign the tag");

      if (git_tag_create (&tag_id, repo, name, target, tagger, message, FALSE) != 0)
        return set_git_error (error, FERRY_GIT_ERROR_FAILED, "cannot create the tag");
    }
  else if (git_tag_create_lightweight (&tag_id, repo, name, target, FALSE) != 0)
    return set_git_error (error, FERRY_GIT_ERROR_FAILED, "cannot create the tag");

  return TRUE;
}

/**
 * ferry_git_checkout:
 * @path: a repository
 * @commit: the commit id to check out
 * @directory: an empty folder to write the files into
 * @error: return location for a #GError
 *
 * Writes the tree of @commit into @directory, without touching the
 * repository's own working tree or HEAD.
 *
 * Returns: %TRUE on success
 */
gboolean
ferry_git_checkout (const gchar  *path,
                    const gchar  *commit,
                    const gchar  *directory,
                    GError      **error)
{
  g_autoptr(git_repository) repo = NULL;
  g_autoptr(git_object) object = NULL;
  git_checkout_options opts = GIT_CHECKOUT_OPTIONS_INIT;
  git_oid oid;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (commit != NULL, FALSE);
  g_return_val_if_fail (directory != NULL, FALSE);

  if (!(repo = open_repository (path, FALSE, error)))
    return FALSE;

  if (git_oid_fromstr (&oid, commit) != 0 ||
      git_object_lookup (&object, repo, &oid, GIT_OBJECT_COMMIT) != 0)
    {
      g_set_error (error, FERRY_GIT_ERROR, FERRY_GIT_ERROR_NO_SUCH_REF, "no commit %s in %s", commit, path);
      return FALSE;
    }

  if (g_mkdir_with_parents (directory, 0755) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot create %s", directory);
      return FALSE;
    }

  opts.checkout_strategy = GIT_CHECKOUT_FORCE | GIT_CHECKOUT_DONT_UPDATE_INDEX;
  opts.target_directory = directory;

  if (git_checkout_tree (repo, object, &opts) != 0)
    return set_git_error (error, FERRY_GIT_ERROR_FAILED, "cannot check the commit out");

  return TRUE;
}
