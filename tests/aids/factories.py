import factory

from aids.models import AidCategory, AidMeasure, TrainingCapacity
from core.models import Departement, Region


def departement(code):
    return Departement.objects.select_related("region").get(insee_code=code)


class AidMeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AidMeasure

    departement = factory.LazyFunction(lambda: departement("07"))
    category = AidCategory.INTERN_HOUSING
    title = "Logement des internes"
    year = 2022
    source = "Saisie de test"


class TrainingCapacityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingCapacity

    region = factory.LazyFunction(lambda: Region.objects.get(insee_code="84"))
    faculty = "Lyon"
    year = 2022
    surgery = 47
    medical_specialties = 343
    general_medicine = 134
