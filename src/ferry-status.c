/* ferry-status.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-status"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-status.h"

static const struct
{
  const gchar *status;
  const gchar *label;
  const gchar *icon;
  const gchar *css_class;
} statuses[] = {
  { "healthy",          N_("healthy"),           "emblem-ok-symbolic",             "status-healthy" },
  { "degraded",         N_("degraded"),          "dialog-warning-symbolic",        "status-busy" },
  { "deploying",        N_("deploying"),         "emblem-synchronizing-symbolic",  "status-busy" },
  { "building",         N_("building"),          "emblem-synchronizing-symbolic",  "status-busy" },
  { "failed",           N_("failed"),            "dialog-error-symbolic",          "status-failed" },
  { "pending-approval", N_("awaiting approval"), "changes-prevent-symbolic",       "status-waiting" },
  { "stopped",          N_("stopped"),           "media-playback-stop-symbolic",   "status-absent" },
};

static gint
find (const gchar *status)
{
  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    if (g_strcmp0 (statuses[i].status, status) == 0)
      return i;

  return -1;
}

/**
 * ferry_status_get_label:
 * @status: (nullable): a status of the ferryctl contract, %NULL for none
 *
 * Returns: (transfer none): the status in words, translated
 */
const gchar *
ferry_status_get_label (const gchar *status)
{
  gint i = find (status);

  if (status == NULL || g_strcmp0 (status, "not-deployed") == 0)
    return _("not deployed");

  return i >= 0 ? _(statuses[i].label) : status;
}

/**
 * ferry_status_get_icon_name:
 * @status: (nullable): a status
 *
 * Returns: (transfer none) (nullable): its symbolic icon, %NULL for none
 */
const gchar *
ferry_status_get_icon_name (const gchar *status)
{
  gint i = find (status);

  return i >= 0 ? statuses[i].icon : NULL;
}

/**
 * ferry_status_get_css_class:
 * @status: (nullable): a status
 *
 * Returns: (transfer none): the style class that colours it (style.css)
 */
const gchar *
ferry_status_get_css_class (const gchar *status)
{
  gint i = find (status);

  return i >= 0 ? statuses[i].css_class : "status-absent";
}

/**
 * ferry_status_apply:
 * @icon: an image
 * @status: (nullable): a status
 *
 * Shows @status's icon in @icon, coloured, or hides @icon when it has none.
 */
void
ferry_status_apply (GtkImage    *icon,
                    const gchar *status)
{
  const gchar *name = ferry_status_get_icon_name (status);

  g_return_if_fail (GTK_IS_IMAGE (icon));

  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (icon), statuses[i].css_class);

  gtk_widget_set_visible (GTK_WIDGET (icon), name != NULL);
  if (name == NULL)
    return;

  gtk_image_set_from_icon_name (icon, name);
  gtk_widget_add_css_class (GTK_WIDGET (icon), ferry_status_get_css_class (status));
}

/**
 * ferry_status_is_deployed:
 * @deployed: (nullable): what a state snapshot says runs somewhere
 *
 * Returns: whether a version runs there
 */
gboolean
ferry_status_is_deployed (const FerryDeployed *deployed)
{
  return deployed != NULL && deployed->version != NULL &&
         g_strcmp0 (deployed->status, "not-deployed") != 0;
}

/**
 * ferry_status_format_version:
 * @version: (nullable): a full commit id
 * @tag: (nullable): its tag
 *
 * Returns: (transfer full): the tag, else the short id; a dash for none
 */
gchar *
ferry_status_format_version (const gchar *version,
                             const gchar *tag)
{
  if (version == NULL)
    return g_strdup ("—");
  if (tag != NULL)
    return g_strdup (tag);

  return ferry_short_id (version);
}

/**
 * ferry_status_format_age:
 * @since: (nullable): when something happened
 * @now: the time now
 *
 * Returns: (transfer full) (nullable): how long ago, briefly (“5 min”,
 *   “3 h”, “2 days”); %NULL when @since is
 */
gchar *
ferry_status_format_age (GDateTime *since,
                         GDateTime *now)
{
  GTimeSpan span;
  gint n;

  if (since == NULL)
    return NULL;

  span = MAX (0, g_date_time_difference (now, since));
  if (span < G_TIME_SPAN_MINUTE)
    return g_strdup (_("just now"));

  if (span < G_TIME_SPAN_HOUR)
    {
      n = span / G_TIME_SPAN_MINUTE;
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d min", "%d min", n), n);
    }

  if (span < G_TIME_SPAN_DAY)
    {
      n = span / G_TIME_SPAN_HOUR;
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d h", "%d h", n), n);
    }

  n = span / G_TIME_SPAN_DAY;
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day", "%d days", n), n);
}
