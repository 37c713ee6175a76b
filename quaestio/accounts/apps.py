from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "quaestio.accounts"
    label = "accounts"
    verbose_name = "Accounts"
