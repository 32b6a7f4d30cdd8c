# Included by portal/urls.py under /moi/inscriptions/ (namespace "my_bookings").
app_name = "my_bookings"
urlpatterns = []
