/* ferry-preferences-window.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-preferences"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-preferences-window.h"

struct _FerryPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  /* Template widgets */
  AdwComboRow          *style_row;
  GtkSwitch            *reopen_switch;
  AdwActionRow         *recent_row;
  GtkButton            *clear_recent_button;

  /* Owned references */
  GSettings            *settings;
};

G_DEFINE_FINAL_TYPE (FerryPreferencesWindow, ferry_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static const gchar *style_variants[] = { "default", "light", "dark" };

static gboolean
style_get_mapping (GValue   *value,
                   GVariant *variant,
                   gpointer  user_data)
{
  const gchar *str = g_variant_get_string (variant, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (style_variants); i++)
    {
      if (g_strcmp0 (str, style_variants[i]) == 0)
        {
          g_value_set_uint (value, i);
          return TRUE;
        }
    }

  g_value_set_uint (value, 0);
  return TRUE;
}

static GVariant *
style_set_mapping (const GValue       *value,
                   const GVariantType *expected_type,
                   gpointer            user_data)
{
  guint selected = g_value_get_uint (value);

  if (selected >= G_N_ELEMENTS (style_variants))
    selected = 0;

  return g_variant_new_string (style_variants[selected]);
}

static void
update_recent_row (FerryPreferencesWindow *self)
{
  g_auto(GStrv) recent = g_settings_get_strv (self->settings, "recent-workspaces");
  guint n = g_strv_length (recent);
  g_autofree gchar *subtitle = NULL;

  if (n == 0)
    subtitle = g_strdup (_("None remembered"));
  else
    subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u workspace remembered",
                                             "%u workspaces remembered", n), n);

  adw_action_row_set_subtitle (self->recent_row, subtitle);
  gtk_widget_set_sensitive (GTK_WIDGET (self->clear_recent_button), n > 0);
}

static void
on_clear_recent_clicked (FerryPreferencesWindow *self,
                         GtkButton              *button)
{
  g_settings_reset (self->settings, "recent-workspaces");
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                    adw_toast_new (_("Recent workspaces cleared")));
}

FerryPreferencesWindow *
ferry_preferences_window_new (GSettings *settings)
{
  FerryPreferencesWindow *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (FERRY_TYPE_PREFERENCES_WINDOW, NULL);
  self->settings = g_object_ref (settings);

  g_settings_bind_with_mapping (settings, "style-variant",
                                self->style_row, "selected",
                                G_SETTINGS_BIND_DEFAULT,
                                style_get_mapping, style_set_mapping,
                                NULL, NULL);
  g_settings_bind (settings, "reopen-last-workspace",
                   self->reopen_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);

  g_signal_connect_object (settings, "changed::recent-workspaces",
                           G_CALLBACK (update_recent_row), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->clear_recent_button, "clicked",
                           G_CALLBACK (on_clear_recent_clicked), self,
                           G_CONNECT_SWAPPED);
  update_recent_row (self);

  return self;
}

static void
ferry_preferences_window_dispose (GObject *object)
{
  FerryPreferencesWindow *self = FERRY_PREFERENCES_WINDOW (object);

  g_clear_object (&self->settings);

  gtk_widget_dispose_template (GTK_WIDGET (self), FERRY_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (ferry_preferences_window_parent_class)->dispose (object);
}

static void
ferry_preferences_window_class_init (FerryPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ferry_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ferrydeploy/Ferry/ferry-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, FerryPreferencesWindow, style_row);
  gtk_widget_class_bind_template_child (widget_class, FerryPreferencesWindow, reopen_switch);
  gtk_widget_class_bind_template_child (widget_class, FerryPreferencesWindow, recent_row);
  gtk_widget_class_bind_template_child (widget_class, FerryPreferencesWindow, clear_recent_button);
}

static void
ferry_preferences_window_init (FerryPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
