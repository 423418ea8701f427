/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ab-code-view"

#include "ab-code-view.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>

struct _AbCodeView
{
  GtkWidget  parent_instance;
  GtkWidget *overlay;
  char      *code;
};

G_DEFINE_FINAL_TYPE (AbCodeView, ab_code_view, GTK_TYPE_WIDGET)

static void
copy_clicked (AbCodeView *self)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), self->code);
  if (overlay)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (_("Code copied")));
}

static void
ab_code_view_dispose (GObject *object)
{
  AbCodeView *self = AB_CODE_VIEW (object);

  g_clear_pointer (&self->overlay, gtk_widget_unparent);
  g_clear_pointer (&self->code, g_free);
  G_OBJECT_CLASS (ab_code_view_parent_class)->dispose (object);
}

static void
ab_code_view_class_init (AbCodeViewClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = ab_code_view_dispose;
  gtk_widget_class_set_layout_manager_type (GTK_WIDGET_CLASS (klass), GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (GTK_WIDGET_CLASS (klass), "codeview");
}

static void
ab_code_view_init (AbCodeView *self)
{
}

/* Fence info strings are short names ("python", "c"); map the common ones. */
static GtkSourceLanguage *
find_language (const char *name)
{
  GtkSourceLanguageManager *manager = gtk_source_language_manager_get_default ();
  static const struct { const char *alias, *id; } aliases[] = {
    { "py", "python3" }, { "python", "python3" }, { "sh", "sh" }, { "bash", "sh" },
    { "console", "sh" }, { "toml", "toml" }, { "yaml", "yaml" },
  };

  if (name == NULL || *name == '\0')
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (aliases); i++)
    if (g_str_equal (name, aliases[i].alias))
      return gtk_source_language_manager_get_language (manager, aliases[i].id);
  return gtk_source_language_manager_get_language (manager, name);
}

GtkWidget *
ab_code_view_new (const char *code, const char *language)
{
  AbCodeView *self = g_object_new (AB_TYPE_CODE_VIEW, NULL);
  GtkSourceBuffer *buffer = gtk_source_buffer_new (NULL);
  GtkSourceStyleScheme *scheme =
    gtk_source_style_scheme_manager_get_scheme (gtk_source_style_scheme_manager_get_default (),
                                                "Adwaita-dark");
  GtkSourceLanguage *lang = find_language (language);
  GtkWidget *view, *scroller, *copy;

  self->code = g_strdup (code);
  if (lang)
    gtk_source_buffer_set_language (buffer, lang);
  if (scheme)
    gtk_source_buffer_set_style_scheme (buffer, scheme);
  gtk_text_buffer_set_text (GTK_TEXT_BUFFER (buffer), code, -1);

  view = gtk_source_view_new_with_buffer (buffer);
  g_object_unref (buffer);
  gtk_text_view_set_editable (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_monospace (GTK_TEXT_VIEW (view), TRUE);
  gtk_text_view_set_cursor_visible (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 12);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 12);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 14);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 48);
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  language && *language ? language : _("Code"), -1);

  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_AUTOMATIC, GTK_POLICY_NEVER);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), view);

  copy = gtk_button_new_from_icon_name ("edit-copy-symbolic");
  gtk_widget_set_tooltip_text (copy, _("Copy code"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (copy), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Copy code"), -1);
  gtk_widget_add_css_class (copy, "flat");
  gtk_widget_add_css_class (copy, "copy-button");
  gtk_widget_set_halign (copy, GTK_ALIGN_END);
  gtk_widget_set_valign (copy, GTK_ALIGN_START);
  gtk_widget_set_margin_top (copy, 6);
  gtk_widget_set_margin_end (copy, 6);
  g_signal_connect_swapped (copy, "clicked", G_CALLBACK (copy_clicked), self);

  self->overlay = gtk_overlay_new ();
  gtk_overlay_set_child (GTK_OVERLAY (self->overlay), scroller);
  gtk_overlay_add_overlay (GTK_OVERLAY (self->overlay), copy);
  gtk_widget_set_parent (self->overlay, GTK_WIDGET (self));
  gtk_widget_add_css_class (GTK_WIDGET (self), "code-block");
  return GTK_WIDGET (self);
}

const char *
ab_code_view_get_code (AbCodeView *self)
{
  g_return_val_if_fail (AB_IS_CODE_VIEW (self), NULL);
  return self->code;
}
