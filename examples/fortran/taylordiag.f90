! examples/fortran/taylordiag.f90 -- Fortran 2018 interface to the C API (taylordiag/taylordiag.h).
!
! Every declaration mirrors the header through iso_c_binding; copy this module into a project
! and link libtaylordiag.a with the C++ runtime and oneTBB (docs/c-api.md). Points are k x n
! row-major in C, which is a Fortran array x(n, k): point p is the column x(:, p).
! Outputs the C API accepts as NULL are OPTIONAL dummies here (Fortran 2018 / TS 29113 passes
! an absent one as NULL): leave one out to skip it.
! Strings passed in must end in c_null_char; taylordiag_error_message() returns a Fortran string.
module taylordiag
  use, intrinsic :: iso_c_binding, only: c_char, c_double, c_float, c_int32_t, c_int64_t, &
                                         c_null_char, c_ptr, c_size_t, c_associated, c_f_pointer
  implicit none
  private

  ! Status codes (taylordiag_status in C).
  integer(c_int32_t), parameter, public :: TAYLORDIAG_OK = 0
  integer(c_int32_t), parameter, public :: TAYLORDIAG_INVALID_ARGUMENT = 1
  integer(c_int32_t), parameter, public :: TAYLORDIAG_PARSE_ERROR = 2
  integer(c_int32_t), parameter, public :: TAYLORDIAG_OUT_OF_MEMORY = 3
  integer(c_int32_t), parameter, public :: TAYLORDIAG_INTERNAL_ERROR = 4

  public :: taylordiag_compile, taylordiag_free, taylordiag_dimension
  public :: taylordiag_evaluate_d, taylordiag_evaluate_f
  public :: taylordiag_laplacian_d, taylordiag_laplacian_f
  public :: taylordiag_weighted_laplacian_d, taylordiag_weighted_laplacian_f
  public :: taylordiag_last_error_position, taylordiag_error_message, taylordiag_version
  public :: taylordiag_version_major, taylordiag_version_minor, taylordiag_version_patch

  interface
    integer(c_int32_t) function taylordiag_compile(expr, n, f) bind(c, name="taylordiag_compile")
      import :: c_char, c_int32_t, c_ptr, c_size_t
      character(kind=c_char), dimension(*), intent(in) :: expr
      integer(c_size_t), value :: n
      type(c_ptr), intent(out) :: f
    end function

    subroutine taylordiag_free(f) bind(c, name="taylordiag_free")
      import :: c_ptr
      type(c_ptr), value :: f
    end subroutine

    integer(c_int32_t) function taylordiag_dimension(f, n) bind(c, name="taylordiag_dimension")
      import :: c_int32_t, c_ptr, c_size_t
      type(c_ptr), value :: f
      integer(c_size_t), intent(out) :: n
    end function

    integer(c_int32_t) function taylordiag_evaluate_d(f, k, n, x, value, gradient, diagonal, &
                                                      threads) bind(c, name="taylordiag_evaluate_d")
      import :: c_double, c_int32_t, c_ptr, c_size_t
      type(c_ptr), value :: f
      integer(c_size_t), value :: k, n
      real(c_double), intent(in) :: x(*)
      real(c_double), intent(out), optional :: value(*), gradient(*), diagonal(*)
      integer(c_int32_t), value :: threads
    end function

    integer(c_int32_t) function taylordiag_evaluate_f(f, k, n, x, value, gradient, diagonal, &
                                                      threads) bind(c, name="taylordiag_evaluate_f")
      import :: c_float, c_int32_t, c_ptr, c_size_t
      type(c_ptr), value :: f
      integer(c_size_t), value :: k, n
      real(c_float), intent(in) :: x(*)
      real(c_float), intent(out), optional :: value(*), gradient(*), diagonal(*)
      integer(c_int32_t), value :: threads
    end function

    integer(c_int32_t) function taylordiag_laplacian_d(f, k, n, x, laplacian, threads) &
        bind(c, name="taylordiag_laplacian_d")
      import :: c_double, c_int32_t, c_ptr, c_size_t
      type(c_ptr), value :: f
      integer(c_size_t), value :: k, n
      real(c_double), intent(in) :: x(*)
      real(c_double), intent(out) :: laplacian(*)
      integer(c_int32_t), value :: threads
    end function

    integer(c_int32_t) function taylordiag_laplacian_f(f, k, n, x, laplacian, threads) &
        bind(c, name="taylordiag_laplacian_f")
      import :: c_float, c_int32_t, c_ptr, c_size_t
      type(c_ptr), value :: f
      integer(c_size_t), value :: k, n
      real(c_float), intent(in) :: x(*)
      real(c_float), intent(out) :: laplacian(*)
      integer(c_int32_t), value :: threads
    end function

    integer(c_int32_t) function taylordiag_weighted_laplacian_d(f, k, n, x, weights, out, threads) &
        bind(c, name="taylordiag_weighted_laplacian_d")
      import :: c_double, c_int32_t, c_ptr, c_size_t
      type(c_ptr), value :: f
      integer(c_size_t), value :: k, n
      real(c_double), intent(in) :: x(*), weights(*)
      real(c_double), intent(out) :: out(*)
      integer(c_int32_t), value :: threads
    end function

    integer(c_int32_t) function taylordiag_weighted_laplacian_f(f, k, n, x, weights, out, threads) &
        bind(c, name="taylordiag_weighted_laplacian_f")
      import :: c_float, c_int32_t, c_ptr, c_size_t
      type(c_ptr), value :: f
      integer(c_size_t), value :: k, n
      real(c_float), intent(in) :: x(*), weights(*)
      real(c_float), intent(out) :: out(*)
      integer(c_int32_t), value :: threads
    end function

    integer(c_int64_t) function taylordiag_last_error_position() &
        bind(c, name="taylordiag_last_error_position")
      import :: c_int64_t
    end function

    integer(c_int32_t) function taylordiag_version_major() bind(c, name="taylordiag_version_major")
      import :: c_int32_t
    end function
    integer(c_int32_t) function taylordiag_version_minor() bind(c, name="taylordiag_version_minor")
      import :: c_int32_t
    end function
    integer(c_int32_t) function taylordiag_version_patch() bind(c, name="taylordiag_version_patch")
      import :: c_int32_t
    end function
  end interface

  ! The C strings behind the Fortran-string wrappers below.
  interface
    type(c_ptr) function c_last_error_message() bind(c, name="taylordiag_last_error_message")
      import :: c_ptr
    end function
    type(c_ptr) function c_version_string() bind(c, name="taylordiag_version_string")
      import :: c_ptr
    end function
    integer(c_size_t) function c_strlen(s) bind(c, name="strlen")
      import :: c_ptr, c_size_t
      type(c_ptr), value :: s
    end function
  end interface

contains

  ! A copy of a NUL-terminated C string (empty for NULL).
  function from_c(p) result(s)
    type(c_ptr), intent(in) :: p
    character(len=:), allocatable :: s
    character(kind=c_char), pointer :: chars(:)
    integer :: i, length
    if (.not. c_associated(p)) then
      s = ''
      return
    end if
    length = int(c_strlen(p))
    call c_f_pointer(p, chars, [length])
    allocate (character(len=length) :: s)
    do i = 1, length
      s(i:i) = chars(i)
    end do
  end function

  ! Why the last failing call on this thread failed (taylordiag_last_error_message).
  function taylordiag_error_message() result(s)
    character(len=:), allocatable :: s
    s = from_c(c_last_error_message())
  end function

  ! The linked library's version, "MAJOR.MINOR.PATCH".
  function taylordiag_version() result(s)
    character(len=:), allocatable :: s
    s = from_c(c_version_string())
  end function

end module taylordiag
