# Included by permanences/urls.py under /<tenant_slug>/permanences/ (namespace "permanences").
urlpatterns = []
