from django.urls import path

app_name = "posts"
urlpatterns: list[object] = []
