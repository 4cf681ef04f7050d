"""Program views: the Programs page, the builder and the bundle dialogs."""
