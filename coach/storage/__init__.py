"""Storage: the profile's SQLite database, migrations, backups and import/export. No Qt here."""
