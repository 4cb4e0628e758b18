from django.urls import path

from . import case_views, pay_views, scheme_views, views

app_name = "assessment"
urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    path("cases/", case_views.CaseListView.as_view(), name="cases"),
    path("cases/<int:pk>/", case_views.CaseView.as_view(), name="case"),
    path("cases/<int:pk>/step/", case_views.CaseStepView.as_view(), name="case_step"),
    path("tolerance-list/", case_views.MatterListView.as_view(), name="matters"),
    path("tolerance-list/<int:pk>/", case_views.MatterEditView.as_view(), name="matter"),
    path("appeals/<int:pk>/answer/", views.AnswerView.as_view(), name="answer"),
    path("<int:year>/", views.YearView.as_view(), name="year"),
    path("<int:year>/build/", views.BuildView.as_view(), name="build"),
    path("<int:year>/step/<str:action>/", views.StepView.as_view(), name="step"),
    path("<int:year>/units/<int:unit>/", views.UnitView.as_view(), name="unit"),
    path("<int:year>/units/<int:unit>/appeal/", views.AppealView.as_view(), name="appeal"),
    path("<int:year>/scheme/", scheme_views.SchemeView.as_view(), name="scheme"),
    path("<int:year>/scheme/import/", scheme_views.SchemeImportView.as_view(),
         name="scheme_import"),
    path("<int:year>/scheme/copy/", scheme_views.SchemeCopyView.as_view(), name="scheme_copy"),
    path("<int:year>/scheme.xlsx", scheme_views.SchemeFileView.as_view(), name="scheme_file"),
    path("<int:year>/marks/", scheme_views.MarksView.as_view(), name="marks"),
    path("<int:year>/marks/import/", scheme_views.MarksImportView.as_view(),
         name="marks_import"),
    path("<int:year>/records/", scheme_views.RecordsView.as_view(), name="records"),
    path("<int:year>/records/import/", scheme_views.RecordsImportView.as_view(),
         name="records_import"),
    path("<int:year>/records/<int:pk>/delete/", scheme_views.RecordDeleteView.as_view(),
         name="record_delete"),
    # Staff appraisal and pay (HR; a head's reviews; a person's own pay).
    path("pay/", pay_views.PayIndexView.as_view(), name="pay_index"),
    path("pay/<int:year>/", pay_views.PayView.as_view(), name="pay"),
    path("pay/<int:year>/sheet.xlsx", pay_views.PaySheetFileView.as_view(), name="pay_sheet"),
    path("pay/<int:year>/reviews/", pay_views.ReviewsView.as_view(), name="pay_reviews"),
    path("staff/", pay_views.StaffView.as_view(), name="staff"),
    path("my-pay/", pay_views.MyPayIndexView.as_view(), name="my_pay_index"),
    path("my-pay/<int:year>/", pay_views.MyPayView.as_view(), name="my_pay"),
]
