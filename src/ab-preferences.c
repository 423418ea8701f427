/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-preferences.c — the preferences window and the effects of each key
 *
 * The window is a template (data/ui/ab-preferences.ui) whose rows are bound
 * to GSettings; it changes nothing itself. ab_preferences_apply() listens to
 * the same keys for the whole app, so a preference set with `gsettings`, or
 * in an earlier run, works as one set in the window.
 */
#define G_LOG_DOMAIN "ab-preferences"

#include "config.h"
#include "ab-preferences.h"
#include "ab-format.h"
#include "ab-settings.h"
#include "ab-window.h"
#include "attention.h"

#include <glib/gi18n.h>

#define MIB ((size_t) 1 << 20)

struct _AbPreferences
{
  AdwPreferencesWindow parent_instance;

  GtkWidget *text_size_spin;
  GtkWidget *reduce_motion_switch;
  GtkWidget *export_format_row;
  GtkWidget *export_width_spin;
  GtkWidget *export_height_spin;
  GtkWidget *threads_row;
  GtkWidget *threads_spin;
  GtkWidget *budget_row;
  GtkWidget *budget_spin;
};

G_DEFINE_FINAL_TYPE (AbPreferences, ab_preferences, ADW_TYPE_PREFERENCES_WINDOW)

static const char *const export_formats[] = { "svg", "png" };

/* export-format (a string) ↔ the combo row's position. */
static gboolean
format_to_selected (GValue *value, GVariant *variant, gpointer user_data)
{
  const char *format = g_variant_get_string (variant, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (export_formats); i++)
    if (g_str_equal (format, export_formats[i]))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }
  return FALSE;
}

static GVariant *
selected_to_format (const GValue *value, const GVariantType *type, gpointer user_data)
{
  guint i = g_value_get_uint (value);

  return i < G_N_ELEMENTS (export_formats) ? g_variant_new_string (export_formats[i]) : NULL;
}

/* The machine's defaults, which 0 stands for, shown under the rows. */
static void
describe_kernel_defaults (AbPreferences *self)
{
  g_autofree char *threads = NULL, *budget = NULL, *budget_text = NULL;
  int configured_threads = 0, configured_budget = 0;
  GSettings *settings = ab_settings_get_default ();

  if (settings)
    {
      configured_threads = g_settings_get_int (settings, "kernel-threads");
      configured_budget = g_settings_get_int (settings, "kernel-memory-budget");
    }
  /* Ask the kernels with the overrides off, then put them back. */
  ab_attention_set_defaults (0, 0);
  budget = ab_format_bytes ((double) ab_attention_default_budget ());
  threads = g_strdup_printf (_("0 uses every core (%d here)"), ab_attention_default_threads ());
  budget_text = g_strdup_printf (_("The most one kernel call may allocate; 0 allows half of the memory (%s here)"),
                                 budget);
  ab_attention_set_defaults (configured_threads, (size_t) configured_budget * MIB);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->threads_row), threads);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->budget_row), budget_text);
}

static void
ab_preferences_class_init (AbPreferencesClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class, "/in/deepakbaby/AttentionBook/ui/ab-preferences.ui");
  gtk_widget_class_bind_template_child (widget_class, AbPreferences, text_size_spin);
  gtk_widget_class_bind_template_child (widget_class, AbPreferences, reduce_motion_switch);
  gtk_widget_class_bind_template_child (widget_class, AbPreferences, export_format_row);
  gtk_widget_class_bind_template_child (widget_class, AbPreferences, export_width_spin);
  gtk_widget_class_bind_template_child (widget_class, AbPreferences, export_height_spin);
  gtk_widget_class_bind_template_child (widget_class, AbPreferences, threads_row);
  gtk_widget_class_bind_template_child (widget_class, AbPreferences, threads_spin);
  gtk_widget_class_bind_template_child (widget_class, AbPreferences, budget_row);
  gtk_widget_class_bind_template_child (widget_class, AbPreferences, budget_spin);
}

static void
bind_spin (GSettings *settings, const char *key, GtkWidget *spin)
{
  g_settings_bind (settings, key, gtk_spin_button_get_adjustment (GTK_SPIN_BUTTON (spin)), "value",
                   G_SETTINGS_BIND_DEFAULT);
}

static void
ab_preferences_init (AbPreferences *self)
{
  GSettings *settings = ab_settings_get_default ();

  gtk_widget_init_template (GTK_WIDGET (self));
  describe_kernel_defaults (self);
  if (settings == NULL)
    {
      /* No schema: nothing could be kept, so nothing is offered. */
      gtk_widget_set_sensitive (GTK_WIDGET (self), FALSE);
      return;
    }
  bind_spin (settings, "text-size", self->text_size_spin);
  g_settings_bind (settings, "reduce-motion", self->reduce_motion_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (settings, "export-format", self->export_format_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, format_to_selected, selected_to_format, NULL, NULL);
  bind_spin (settings, "export-width", self->export_width_spin);
  bind_spin (settings, "export-height", self->export_height_spin);
  bind_spin (settings, "kernel-threads", self->threads_spin);
  bind_spin (settings, "kernel-memory-budget", self->budget_spin);
}

GtkWidget *
ab_preferences_new (GtkWindow *parent)
{
  return g_object_new (AB_TYPE_PREFERENCES, "transient-for", parent,
                       "application", parent ? gtk_window_get_application (parent) : NULL, NULL);
}

/* Effects ---------------------------------------------------------------------- */

double
ab_preferences_text_scale (void)
{
  GSettings *settings = ab_settings_get_default ();

  return settings ? g_settings_get_double (settings, "text-size") / 100.0 : 1.0;
}

static void
apply_text_size (GSettings *settings, GtkApplication *app)
{
  static GtkCssProvider *provider;
  g_autofree char *css = NULL;
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  if (provider == NULL)
    {
      provider = gtk_css_provider_new ();
      gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (provider),
                                                  GTK_STYLE_PROVIDER_PRIORITY_APPLICATION + 1);
    }
  /* The page column's text scales; the chrome keeps the desktop's size. */
  css = g_strdup_printf (".page-column { font-size: %s%%; }",
                         g_ascii_dtostr (number, sizeof number, g_settings_get_double (settings, "text-size")));
  gtk_css_provider_load_from_data (provider, css, -1);
}

/* Build the open pages again: formulas are typeset at a size (not styled),
 * and diagrams run their kernels when they are built. */
static void
reload_pages (GtkApplication *app)
{
  for (GList *l = gtk_application_get_windows (app); l; l = l->next)
    if (AB_IS_WINDOW (l->data) && ab_window_get_page (l->data))
      ab_window_show_page (l->data, ab_window_get_page (l->data)->id);
}

static void
apply_reduce_motion (GSettings *settings)
{
  GtkSettings *gtk = gtk_settings_get_default ();

  if (g_settings_get_boolean (settings, "reduce-motion"))
    g_object_set (gtk, "gtk-enable-animations", FALSE, NULL);
  else
    gtk_settings_reset_property (gtk, "gtk-enable-animations");
}

/* Every kernel call that takes the defaults, and those that let the
 * preference override their own (the attention-memory diagram, the lab). */
static void
apply_kernels (GSettings *settings)
{
  ab_attention_set_defaults (g_settings_get_int (settings, "kernel-threads"),
                             (size_t) g_settings_get_int (settings, "kernel-memory-budget") * MIB);
}

static void
settings_changed (GSettings *settings, const char *key, GtkApplication *app)
{
  if (key == NULL || g_str_equal (key, "text-size"))
    apply_text_size (settings, app);
  if (key == NULL || g_str_equal (key, "reduce-motion"))
    apply_reduce_motion (settings);
  if (key == NULL || g_str_has_prefix (key, "kernel-"))
    apply_kernels (settings);
  if (key && (g_str_equal (key, "text-size") || g_str_has_prefix (key, "kernel-")))
    reload_pages (app);
}

void
ab_preferences_apply (GtkApplication *app)
{
  GSettings *settings = ab_settings_get_default ();

  if (settings == NULL)
    return;
  g_signal_connect_object (settings, "changed", G_CALLBACK (settings_changed), app, 0);
  settings_changed (settings, NULL, app);
}
